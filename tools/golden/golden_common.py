"""Shared helpers for the golden-vector drivers: server specs, the JSON writer, local processes.

Run with Debian's /usr/bin/python3 (the peers' Python modules are Debian packages).
"""
import json
import os
import socket
import subprocess
import time

GOLDEN_REL = "hash-functions/src/test/resources/golden"


class Spec:
    """One server spec HOST:PORT[:WEIGHT[:NAME]] (the golden format's spelling)."""

    def __init__(self, text):
        self.text = text
        parts = text.split(":")
        if len(parts) < 2 or len(parts) > 4:
            raise ValueError("bad server spec %r (HOST:PORT[:WEIGHT[:NAME]])" % text)
        self.host = parts[0]
        self.port = int(parts[1])
        self.weight = int(parts[2]) if len(parts) > 2 else 1
        self.name = parts[3] if len(parts) > 3 else None

    @property
    def address(self):
        """HOST:PORT as configured: the value of vectors[].server."""
        return "%s:%d" % (self.host, self.port)

    @property
    def ip(self):
        """The loopback IP this spec's host resolves to (only 'localhost' and 127.x literals are used)."""
        return "127.0.0.1" if self.host == "localhost" else self.host


def specs(texts):
    out = [Spec(t) for t in texts]
    for s in out:
        if not (s.host == "localhost" or s.host.startswith("127.")):
            raise ValueError("golden servers must be loopback, got %r" % s.text)
    return out


def read_keys(path, limit=None):
    with open(path, encoding="utf-8", newline="\n") as f:
        keys = f.read().split("\n")
    if keys and keys[-1] == "":
        keys.pop()
    return keys[:limit] if limit else keys


def _j(value):
    return json.dumps(value, ensure_ascii=False)


def write_case(out_root, *, mode, case, hash_name, peer, generator, description, servers, vectors,
               dead=None, failover=None, in_order=False, options=None):
    """Writes <out_root>/<mode>/<case>.json deterministically: fixed field order, 2-space indent,
    one vector per line, UTF-8, trailing newline. in_order=True marks vectors that are successive
    requests to one fresh peer process (a key may repeat; replayed in order, not key by key).
    options: the peer options the case sets, by the mode's option names (InteropMode.options()),
    written only when given."""
    addresses = {Spec(s).address for s in servers}
    for key, server in vectors:
        if server not in addresses:
            raise RuntimeError("%s/%s: key %r placed on %r, not one of %s" % (mode, case, key, server, sorted(addresses)))
    lines = ["{"]
    fields = [
        ("mode", _j(mode)), ("hash", _j(hash_name)),
    ] + ([("options", "{" + ", ".join("%s: %s" % (_j(k), _j(v)) for k, v in options.items()) + "}")]
         if options is not None else []) + [
        ("peer", _j(peer)), ("generator", _j(generator)),
        ("case", _j(case)), ("description", _j(description)),
        ("servers", "[" + ", ".join(_j(s) for s in servers) + "]"),
    ]
    if dead is not None:
        fields.append(("dead", "[" + ", ".join(_j(s) for s in dead) + "]"))
    if in_order:
        fields.append(("in_order", "true"))
    vec = ",\n".join('    {"key": %s, "server": %s}' % (_j(k), _j(s)) for k, s in vectors)
    fields.append(("vectors", "[\n" + vec + "\n  ]"))
    if failover is not None:
        fo = ",\n".join('    {"key": %s, "sequence": [%s]}' % (_j(k), ", ".join(_j(x) for x in seq))
                        for k, seq in failover)
        fields.append(("failover", "[\n" + fo + "\n  ]"))
    lines.append(",\n".join("  %s: %s" % (_j(name), value) for name, value in fields))
    lines.append("}")
    path = os.path.join(out_root, mode, case + ".json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    json.load(open(path, encoding="utf-8"))  # self-check: valid JSON
    return path


def dpkg_version(package):
    return subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], check=True,
                          capture_output=True, text=True).stdout.strip()


def debian_release():
    with open("/etc/os-release") as f:
        for line in f:
            if line.startswith("VERSION_CODENAME="):
                return "Debian " + line.split("=", 1)[1].strip().strip('"')
    return "Debian"


def require_free(ip, port):
    """Fails loudly when something already listens on ip:port (another agent's memcached, say)."""
    s = socket.socket()
    try:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((ip, port))
    except OSError as e:
        raise RuntimeError("port %s:%d is busy (%s); the golden cases use fixed ports" % (ip, port, e))
    finally:
        s.close()


def wait_listening(ip, port, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((ip, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nothing listening on %s:%d after %.0fs" % (ip, port, timeout))


class Processes:
    """Local server processes started by a driver; each pid is also written to $GOLDEN_PIDDIR so
    regenerate.sh's trap can stop them by id if this Python process dies. Use as a context manager."""

    def __init__(self):
        self.procs = []
        self.piddir = os.environ.get("GOLDEN_PIDDIR")

    def start(self, argv, **kw):
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, **kw)
        self.procs.append(p)
        if self.piddir:
            with open(os.path.join(self.piddir, "%d.pid" % p.pid), "w") as f:
                f.write("%d\n" % p.pid)
        return p

    def memcached(self, ip, port):
        """A real memcached on ip:port (loopback), 16 MB, no UDP."""
        require_free(ip, port)
        p = self.start(["memcached", "-l", ip, "-p", str(port), "-U", "0", "-m", "16", "-c", "64", "-t", "1",
                        "-u", "nobody"])
        wait_listening(ip, port)
        return p

    def stop_all(self):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            if self.piddir:
                try:
                    os.remove(os.path.join(self.piddir, "%d.pid" % p.pid))
                except FileNotFoundError:
                    pass
        self.procs = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop_all()
        return False


def held_keys(ip, port, keys, batch=100):
    """The subset of keys (bytes) that the memcached on ip:port holds, asked with plain `get`s."""
    held = set()
    with socket.create_connection((ip, port), timeout=10) as sock:
        for i in range(0, len(keys), batch):
            sock.sendall(b"get " + b" ".join(keys[i:i + batch]) + b"\r\n")
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


def owners(live_specs, keys):
    """{key bytes: address} of the live backend holding each key; fails if two backends hold one."""
    owner = {}
    for s in live_specs:
        for k in held_keys(s.ip, s.port, keys):
            if k in owner:
                raise RuntimeError("key %r held by both %s and %s" % (k, owner[k], s.address))
            owner[k] = s.address
    return owner


def flush_all(live_specs):
    """Empties every live backend (`flush_all`), so a recorded pass starts from nothing."""
    for s in live_specs:
        with socket.create_connection((s.ip, s.port), timeout=10) as sock:
            sock.sendall(b"flush_all\r\n")
            buf = b""
            while not buf.endswith(b"\r\n"):
                chunk = sock.recv(1024)
                if not chunk:
                    raise RuntimeError("memcached %s:%d closed the connection" % (s.ip, s.port))
                buf += chunk
            if buf != b"OK\r\n":
                raise RuntimeError("memcached %s:%d answered flush_all with %r" % (s.ip, s.port, buf))
