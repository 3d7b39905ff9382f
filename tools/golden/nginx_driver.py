"""nginx upstream hashing (Debian nginx-light), all on loopback.

One nginx process (master_process off) runs the front server, whose upstream uses
`hash $arg_k consistent;` (or plain `hash $arg_k;`), plus one small server block per upstream
server that answers with its own address ("$server_addr:$server_port"). The driver requests
/?k=<key> over one keep-alive HTTP/1.1 connection; the body names the server nginx chose.
The front also echoes the $arg_k it hashed in a response header, and the driver checks that it is
exactly the key's bytes. Keys with "&" or "#" cannot be sent as one raw query argument and are left out.
"""
import http.client
import os
import subprocess

from golden_common import Processes, dpkg_version, debian_release, require_free, wait_listening

GENERATOR = "tools/golden/nginx_driver.py"
FRONT_PORT = 32200


def version():
    out = subprocess.run(["nginx", "-v"], capture_output=True, text=True)
    return out.stderr.strip().split("/")[-1].split()[0]  # "nginx version: nginx/1.22.1"


def peer():
    return "nginx %s (Debian nginx-light %s), %s" % (version(), dpkg_version("nginx-light"), debian_release())


def usable(key):
    return "&" not in key and "#" not in key  # "&" splits arguments, "#" ends the request target


class _RawConnection(http.client.HTTPConnection):
    """Sends the request line as UTF-8 bytes, so /?k=<key> reaches nginx unescaped ($arg_k is the
    raw, undecoded argument text)."""

    def _encode_request(self, request):
        return request.encode("utf-8")


def _config(servers, consistent, workdir, dead=()):
    lines = [
        "daemon off;", "master_process off;", "worker_processes 1;",
        "pid %s/nginx.pid;" % workdir, "error_log %s/error.log warn;" % workdir,
        "events { worker_connections 64; }",
        "http {",
        "  access_log off;",
        "  client_body_temp_path %s/body;" % workdir, "  proxy_temp_path %s/proxy;" % workdir,
        "  fastcgi_temp_path %s/fastcgi;" % workdir, "  uwsgi_temp_path %s/uwsgi;" % workdir,
        "  scgi_temp_path %s/scgi;" % workdir,
        "  upstream golden {",
        "    hash $arg_k%s;" % (" consistent" if consistent else ""),
    ]
    for s in servers:
        lines.append("    server %s weight=%d;" % (s.address, s.weight))
    lines += [
        "  }",
        "  server {",
        "    listen 127.0.0.1:%d;" % FRONT_PORT,
        "    location / {",
        "      proxy_pass http://golden;",
    ]
    if dead:
        # nginx's own failover: the defaults (error timeout; max_fails=1, fail_timeout=10s) spelled out
        lines += ["      proxy_next_upstream error timeout;", "      proxy_connect_timeout 2s;"]
    else:
        lines += ["      proxy_next_upstream off;"]  # never retry elsewhere: a failing backend must show as an error
    lines += [
        "      add_header X-Golden-Key $arg_k always;",
        "    }",
        "  }",
    ]
    for s in servers:
        if s.address in dead:
            continue  # a dead server: nothing listens on its port
        lines.append('  server { listen %s:%d; location / { return 200 "$server_addr:$server_port"; } }'
                     % (s.ip, s.port))
    lines.append("}")
    path = os.path.join(workdir, "nginx.conf")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def place(servers, consistent, keys, workdir, dead=()):
    """Returns [(key, address)] for the usable keys, in key order. With dead servers (nothing
    listens on their ports) nginx fails over by itself and the answer is the live server that
    served the request."""
    conf = _config(servers, consistent, workdir, dead)
    check = subprocess.run(["nginx", "-t", "-p", workdir, "-e", workdir + "/error.log", "-c", conf],
                           capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError("nginx -t failed: %s" % check.stderr)
    by_ip_port = {(s.ip, s.port): s.address for s in servers}
    out = []
    with Processes() as procs:
        for s in servers:
            require_free(s.ip, s.port)
        require_free("127.0.0.1", FRONT_PORT)
        procs.start(["nginx", "-p", workdir, "-e", workdir + "/error.log", "-c", conf])
        wait_listening("127.0.0.1", FRONT_PORT)
        conn = _RawConnection("127.0.0.1", FRONT_PORT, timeout=10)
        try:
            for k in keys:
                if not usable(k):
                    continue
                conn.request("GET", "/?k=" + k)
                resp = conn.getresponse()
                body = resp.read().decode("ascii")
                echoed = (resp.getheader("X-Golden-Key") or "").encode("latin-1")  # raw header bytes
                if resp.status != 200 or echoed != k.encode("utf-8"):
                    raise RuntimeError("nginx: key %r -> status %d, $arg_k %r, body %r"
                                       % (k, resp.status, echoed, body))
                ip, port = body.rsplit(":", 1)
                out.append((k, by_ip_port[(ip, int(port))]))
        finally:
            conn.close()
    return out
