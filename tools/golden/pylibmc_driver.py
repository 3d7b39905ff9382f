"""libmemcached 1.1.4 through pylibmc (Debian python3-pylibmc).

pylibmc.Client(servers, behaviors).hash(key) calls libmemcached's memcached_generate_hash(), which
returns the index (into the configured server list) of the server the key routes to. No server is
contacted, so none needs to run. pylibmc applies behaviours before adding the servers.
"""
import ctypes

import pylibmc

from golden_common import dpkg_version, debian_release

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
