"""Pure-Python peers: pymemcache HashClient, python-memcached, uhashring (Debian packages).

pymemcache and uhashring only compute placement (no server contacted). python-memcached's
Client._get_server() connects to the chosen server before returning it, so its servers are real
memcached processes (started by generate.py); a "dead" server is a port where nothing listens.
"""
import memcache
import pymemcache
import uhashring
from pymemcache.client.hash import HashClient
from pymemcache.client.rendezvous import RendezvousHash

from golden_common import dpkg_version, debian_release

GENERATOR = "tools/golden/py_clients_driver.py"


def pymemcache_peer():
    return "pymemcache %s (Debian python3-pymemcache %s), %s" % (
        pymemcache.__version__, dpkg_version("python3-pymemcache"), debian_release())


def pymemcache_place(servers, keys, seed=None):
    """HashClient(servers).hasher is the RendezvousHash it routes with; get_node(key) returns the
    node name "host:port" the key goes to. pymemcache has no weights. seed: None for HashClient's
    default hasher (RendezvousHash(), seed 0), else HashClient(hasher=lambda: RendezvousHash(seed=seed))
    (HashClient calls hasher() with no arguments, so a seed travels in the factory)."""
    if seed is None:
        client = HashClient([(s.host, s.port) for s in servers], use_pooling=False)
    else:
        client = HashClient([(s.host, s.port) for s in servers], use_pooling=False,
                            hasher=lambda: RendezvousHash(seed=seed))
        if client.hasher.seed != seed:
            raise RuntimeError("pymemcache hasher seed %r, wanted %r" % (client.hasher.seed, seed))
    by_name = {"%s:%s" % (s.host, s.port): s.address for s in servers}
    return [by_name[client.hasher.get_node(k)] for k in keys]  # str keys, as an application passes them


def python_memcached_peer():
    # The module's __version__ says 1.58 in the 1.59 release (an upstream slip), so the release
    # number comes from the Debian package version.
    deb = dpkg_version("python3-memcache")
    return "python-memcached %s (module __version__ %s; Debian python3-memcache %s), %s" % (
        deb.split("-")[0], memcache.__version__, deb, debian_release())


def python_memcached_place(servers, keys):
    """Client([("host:port", weight), ...])._get_server(key) is what get/set call: it hashes the
    UTF-8 key (crc15, 0 -> 1), picks bucket hash % len(buckets), connects, and on a failed connect
    rehashes str(hash)+str(i). Returns (chosen address, [addresses tried]) per key. Every connect
    attempt is recorded by wrapping _Host.connect (the real method still runs)."""
    client = memcache.Client([("%s:%d" % (s.host, s.port), s.weight) for s in servers], socket_timeout=2)
    by_hostport = {(s.host, s.port): s.address for s in servers}
    tried = []
    real_connect = memcache._Host.connect

    def recording_connect(host):
        tried.append(by_hostport[(host.ip, host.port)])
        return real_connect(host)

    memcache._Host.connect = recording_connect
    try:
        out = []
        for k in keys:
            tried.clear()
            server, _ = client._get_server(client._encode_key(k))
            if server is None:
                raise RuntimeError("python-memcached found no live server for key %r" % k)
            out.append((by_hostport[(server.ip, server.port)], list(tried)))
        return out
    finally:
        memcache._Host.connect = real_connect
        client.disconnect_all()


def uhashring_peer():
    return "uhashring %s (Debian python3-uhashring %s), %s" % (
        getattr(uhashring, "__version__", dpkg_version("python3-uhashring").split("-")[0]),
        dpkg_version("python3-uhashring"), debian_release())


def uhashring_place(servers, keys, **options):
    """HashRing(nodes, hash_fn="ketama", **options).get_node(key) returns the node name ("host:port")
    the key maps to; no server contacted. options: replicas and/or vnodes, as HashRing takes them."""
    nodes = {s.address: {"weight": s.weight} for s in servers}
    ring = uhashring.HashRing(nodes=nodes, hash_fn="ketama", **options)
    return [ring.get_node(k) for k in keys]
