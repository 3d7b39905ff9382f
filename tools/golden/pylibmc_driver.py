"""libmemcached 1.1.4 through pylibmc (Debian python3-pylibmc).

pylibmc.Client(servers, behaviors).hash(key) calls libmemcached's memcached_generate_hash(), which
returns the index (into the configured server list) of the server the key routes to. No server is
contacted, so none needs to run. pylibmc applies behaviours before adding the servers.
"""
import ctypes

import pylibmc

from golden_common import dpkg_version, debian_release, flush_all, owners

GENERATOR = "tools/golden/pylibmc_driver.py"


def peer():
    lib = ctypes.CDLL("libmemcached.so.11")
    lib.memcached_lib_version.restype = ctypes.c_char_p
    return "pylibmc %s (libmemcached %s; Debian python3-pylibmc %s, libmemcached11 %s), %s" % (
        pylibmc.__version__, lib.memcached_lib_version().decode(), dpkg_version("python3-pylibmc"),
        dpkg_version("libmemcached11"), debian_release())


def place(servers, behaviors, keys):
    """servers: list of Spec; behaviors: pylibmc behaviors dict. Returns the chosen address per key."""
    # pylibmc spec "host:port:weight"; weight only written when not 1 (it is the same to libmemcached).
    texts = [s.address + (":%d" % s.weight if s.weight != 1 else "") for s in servers]
    client = pylibmc.Client(texts, behaviors=behaviors)
    got = client.get_behaviors()
    for name, value in behaviors.items():  # the binding must really have applied what we asked
        if got[name] != value and not (value is True and got[name] == 1):
            raise RuntimeError("pylibmc behaviour %s: asked %r, got %r" % (name, value, got[name]))
    out = []
    for k in keys:
        index = client.hash(k.encode("utf-8"))  # memcached_generate_hash: index of the chosen server
        out.append(servers[index].address)
    return out


def place_with_dead(servers, behaviors, keys, dead, settle_rounds=4):
    """The real request path with some servers dead (nothing listens on them; the live ones are real
    memcached, started by the caller). Every key is `set` through the client in up to settle_rounds
    passes, so that failure detection (server_failure_limit, auto-eject) runs its course; then one
    recorded pass: each key is `set` once more and the client's own hash(key) (libmemcached's
    memcached_generate_hash over the continuum as it now stands) names the server. The record is
    cross-checked against the backends: a key whose set succeeded must be held by exactly that live
    server, a key whose set failed must hash to a dead server. Returns [(address, ok)] per key."""
    texts = [s.address + (":%d" % s.weight if s.weight != 1 else "") for s in servers]
    client = pylibmc.Client(texts, behaviors=behaviors)
    got = client.get_behaviors()
    for name, value in behaviors.items():
        if got[name] != value and not (value is True and got[name] == 1):
            raise RuntimeError("pylibmc behaviour %s: asked %r, got %r" % (name, value, got[name]))
    raw = [k.encode("utf-8") for k in keys]

    def one_pass():
        ok = []
        for k in raw:
            try:
                client.set(k, b"1")
                ok.append(True)
            except pylibmc.Error:
                ok.append(False)
        return ok

    live = [s for s in servers if s.address not in dead]
    for _ in range(settle_rounds):
        if all(one_pass()):
            break
    flush_all(live)  # keys stored before an ejection may sit on another server
    ok = one_pass()
    chosen = [servers[client.hash(k)].address for k in raw]
    owner = owners(live, raw)
    for k, c, good in zip(raw, chosen, ok):
        if good and owner.get(k) != c:
            raise RuntimeError("pylibmc: key %r stored on %s but hash() names %s" % (k, owner.get(k), c))
        if not good and c not in dead:
            raise RuntimeError("pylibmc: set of key %r failed although hash() names live %s" % (k, c))
    client.disconnect_all()
    return list(zip(chosen, ok))
