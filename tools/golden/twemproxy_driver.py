"""twemproxy (nutcracker 0.5.0, Debian package) in front of real memcached processes, all on loopback.

For each case: start one memcached per configured server, start nutcracker with the pool
(auto_eject_hosts: false, so the ring never changes), `set` every key through nutcracker, then ask
each memcached directly which of the keys it holds (`get k1 k2 ...`). The memcached that holds a
key is the server nutcracker routed it to; every key must be held by exactly one backend.
"""
import os
import socket
import subprocess

from golden_common import Processes, dpkg_version, debian_release, flush_all, owners, require_free, wait_listening

GENERATOR = "tools/golden/twemproxy_driver.py"
PROXY_PORT = 32100   # nutcracker client port (127.0.0.1)
STATS_PORT = 32101   # nutcracker stats port, bound to 127.0.0.1 (its default would be 0.0.0.0:22222)
BATCH = 100


def peer():
    out = subprocess.run(["nutcracker", "-V"], capture_output=True, text=True)
    first = (out.stdout + out.stderr).strip().splitlines()[0]  # "This is nutcracker-0.5.0"
    version = first.split()[-1]
    return "%s (Debian nutcracker %s; backends memcached %s), %s" % (
        version.replace("nutcracker-", "nutcracker "), dpkg_version("nutcracker"), dpkg_version("memcached"),
        debian_release())


def _server_line(s):
    # nutcracker's "host:port:weight [name]"
    return "%s:%d:%d%s" % (s.host, s.port, s.weight, " " + s.name if s.name else "")


def _set_all(keys):
    with socket.create_connection(("127.0.0.1", PROXY_PORT), timeout=10) as sock:
        for i in range(0, len(keys), BATCH):
            batch = keys[i:i + BATCH]
            sock.sendall(b"".join(b"set " + k + b" 0 0 1\r\nx\r\n" for k in batch))
            buf = b""
            while buf.count(b"\r\n") < len(batch):
                chunk = sock.recv(65536)
                if not chunk:
                    raise RuntimeError("nutcracker closed the connection")
                buf += chunk
            replies = buf.split(b"\r\n")[:-1]
            if replies != [b"STORED"] * len(batch):
                raise RuntimeError("nutcracker answered %r" % sorted(set(replies)))


def _held_keys(ip, port, keys):
    held = set()
    with socket.create_connection((ip, port), timeout=10) as sock:
        for i in range(0, len(keys), BATCH):
            sock.sendall(b"get " + b" ".join(keys[i:i + BATCH]) + b"\r\n")
            buf = b""
            while not (buf == b"END\r\n" or buf.endswith(b"\r\nEND\r\n")):
                chunk = sock.recv(65536)
                if not chunk:
                    raise RuntimeError("memcached %s:%d closed the connection" % (ip, port))
                buf += chunk
            for line in buf.split(b"\r\n"):
                if line.startswith(b"VALUE "):
                    held.add(line.split(b" ")[1])
    return held


def _config(servers, hash_name, distribution, workdir, eject=None, hash_tag=None):
    """Writes and checks the pool YAML. eject: None (auto_eject_hosts: false) or
    (server_failure_limit, server_retry_timeout ms) with auto_eject_hosts: true. hash_tag: None
    (not set) or the two-character pool hash_tag, written as a double-quoted YAML scalar."""
    conf = os.path.join(workdir, "nutcracker.yml")
    with open(conf, "w") as f:
        f.write("golden:\n  listen: 127.0.0.1:%d\n" % PROXY_PORT)
        if hash_name is not None:  # omitted -> nutcracker's default (fnv1a_64)
            f.write("  hash: %s\n" % hash_name)
        if hash_tag is not None:
            f.write('  hash_tag: "%s"\n' % hash_tag.replace("\\", "\\\\").replace('"', '\\"'))
        if eject is None:
            f.write("  distribution: %s\n  auto_eject_hosts: false\n  redis: false\n  timeout: 5000\n  servers:\n"
                    % distribution)
        else:
            f.write("  distribution: %s\n  auto_eject_hosts: true\n  server_failure_limit: %d\n"
                    "  server_retry_timeout: %d\n  redis: false\n  timeout: 5000\n  servers:\n"
                    % ((distribution,) + tuple(eject)))
        for s in servers:
            f.write("   - %s\n" % _server_line(s))
    check = subprocess.run(["nutcracker", "-t", "-c", conf], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError("nutcracker rejects %s: %s" % (conf, check.stderr))
    return conf


def _try_set_all(keys):
    """Sets every key through nutcracker; returns per key whether nutcracker answered STORED (a
    dead backend gives SERVER_ERROR)."""
    ok = []
    with socket.create_connection(("127.0.0.1", PROXY_PORT), timeout=10) as sock:
        for i in range(0, len(keys), BATCH):
            batch = keys[i:i + BATCH]
            sock.sendall(b"".join(b"set " + k + b" 0 0 1\r\nx\r\n" for k in batch))
            buf = b""
            while buf.count(b"\r\n") < len(batch):
                chunk = sock.recv(65536)
                if not chunk:
                    raise RuntimeError("nutcracker closed the connection")
                buf += chunk
            replies = buf.split(b"\r\n")[:-1]
            for r in replies:
                if r != b"STORED" and not r.startswith(b"SERVER_ERROR"):
                    raise RuntimeError("nutcracker answered %r" % r)
            ok += [r == b"STORED" for r in replies]
    return ok


def place_with_dead(servers, hash_name, distribution, keys, workdir, dead, eject, settle_rounds=4, hash_tag=None):
    """Real requests with the servers in `dead` stopped (nothing listens there). eject: None for
    auto_eject_hosts: false, else (server_failure_limit, server_retry_timeout ms). Every key is set
    through nutcracker in up to settle_rounds passes until one pass has no failure (so the failure
    limit is reached and ejection happens), the live backends are emptied, then one recorded pass
    sets each key again. A stored key's server is the live backend holding it; a key nutcracker
    failed went to a dead backend, which is only attributable when exactly one server is dead.
    Returns [(address, ok)] per key."""
    raw = [k.encode("utf-8") for k in keys]
    conf = _config(servers, hash_name, distribution, workdir, eject, hash_tag)
    live = [s for s in servers if s.address not in dead]
    with Processes() as procs:
        for s in live:
            procs.memcached(s.ip, s.port)
        for s in servers:
            if s.address in dead:
                require_free(s.ip, s.port)
        require_free("127.0.0.1", PROXY_PORT)
        require_free("127.0.0.1", STATS_PORT)
        procs.start(["nutcracker", "-c", conf, "-o", os.path.join(workdir, "nutcracker.log"),
                     "-a", "127.0.0.1", "-s", str(STATS_PORT), "-p", os.path.join(workdir, "nutcracker.pid")])
        wait_listening("127.0.0.1", PROXY_PORT)
        for _ in range(settle_rounds):
            if all(_try_set_all(raw)):
                break
        flush_all(live)
        ok = _try_set_all(raw)
        owner = owners(live, raw)
    out = []
    for k, good in zip(raw, ok):
        if good:
            if k not in owner:
                raise RuntimeError("nutcracker stored %r but no live backend holds it" % k)
            out.append((owner[k], True))
        else:
            if k in owner:
                raise RuntimeError("nutcracker failed %r but %s holds it" % (k, owner[k]))
            if len(dead) != 1:
                raise RuntimeError("nutcracker failed %r and %d servers are dead: cannot tell which" % (k, len(dead)))
            out.append((next(iter(dead)), False))
    return out


def place(servers, hash_name, distribution, keys, workdir, hash_tag=None):
    """Returns the address nutcracker routed each key to."""
    raw = [k.encode("utf-8") for k in keys]
    conf = _config(servers, hash_name, distribution, workdir, hash_tag=hash_tag)
    with Processes() as procs:
        for s in servers:
            procs.memcached(s.ip, s.port)
        require_free("127.0.0.1", PROXY_PORT)
        require_free("127.0.0.1", STATS_PORT)
        procs.start(["nutcracker", "-c", conf, "-o", os.path.join(workdir, "nutcracker.log"),
                     "-a", "127.0.0.1", "-s", str(STATS_PORT), "-p", os.path.join(workdir, "nutcracker.pid")])
        wait_listening("127.0.0.1", PROXY_PORT)
        _set_all(raw)
        owner = {}
        for s in servers:
            for k in _held_keys(s.ip, s.port, raw):
                if k in owner:
                    raise RuntimeError("key %r held by both %s and %s" % (k, owner[k], s.address))
                owner[k] = s.address
    missing = [k for k in raw if k not in owner]
    if missing:
        raise RuntimeError("%d keys held by no backend, e.g. %r" % (len(missing), missing[:3]))
    return [owner[k] for k in raw]
