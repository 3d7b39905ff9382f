#!/usr/bin/python3
"""Optional sanity check of freshly generated vectors against the formulas in shared INTEROP.md
(sections 0.4, 2.2 and 5): libmemcached KETAMA_WEIGHTED and twemproxy ketama. It only reports;
the vectors themselves always come from the real peers.

Usage: spotcheck.py GOLDEN_DIR
"""
import bisect
import hashlib
import json
import math
import os
import struct
import sys



def f32(x):
    """Rounds to IEEE binary32. One double operation on binary32 inputs, then this rounding, equals
    the binary32 operation (double has more than 2*24+2 bits)."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def lm_points(weight, total, live):
    """INTEROP 0.4 LM-formula, float32 step by step."""
    pct = f32(float(weight) / float(total))
    v = f32(pct * 160.0)
    v = f32(v / 4.0)
    v = f32(v * float(live))
    return 4 * math.floor(v)


def md5_words(data):
    return struct.unpack("<4I", hashlib.md5(data).digest())


def ring(servers, point_name):
    total = sum(s[2] for s in servers)
    pts = []
    for idx, (host, port, w, name) in enumerate(servers):
        for i in range(lm_points(w, total, len(servers)) // 4):
            for word in md5_words(("%s-%d" % (point_name(host, port, name), i)).encode()):
                pts.append((word, idx))
    pts.sort()  # (value, index): lowest index wins ties (libmemcached 1.1.x); twemproxy: first inserted = same here
    return pts


def lookup(pts, h):
    i = bisect.bisect_left(pts, (h, -1))
    return pts[i % len(pts)][1]


def fnv1a_64_low32(data):
    h = 0x84222325
    for b in data:
        sb = b - 256 if b >= 0x80 else b  # signed char
        h = ((h ^ (sb & 0xFFFFFFFF)) * 0x1B3) & 0xFFFFFFFF
    return h


def parse(spec):
    p = spec.split(":")
    return (p[0], int(p[1]), int(p[2]) if len(p) > 2 else 1, p[3] if len(p) > 3 else None)


def check(root, path, point_name, key_hash):
    case = json.load(open(path, encoding="utf-8"))
    servers = [parse(s) for s in case["servers"]]
    pts = ring(servers, point_name)
    bad = 0
    for v in case["vectors"]:
        idx = lookup(pts, key_hash(v["key"].encode("utf-8")))
        if "%s:%d" % servers[idx][:2] != v["server"]:
            bad += 1
    print("  %-62s points %5d  mismatches %d/%d" % (os.path.relpath(path, root), len(pts), bad, len(case["vectors"])))
    return bad


def main():
    root = sys.argv[1]
    bad = 0
    lm_name = lambda host, port, name: host if port == 11211 else "%s:%d" % (host, port)
    tw_name = lambda host, port, name: name or lm_name(host, port, name)
    md5_key = lambda data: md5_words(data)[0]
    d = os.path.join(root, "libmemcached-ketama-weighted")
    key_hashes = {None: md5_key, "md5": md5_key, "fnv1a_64": fnv1a_64_low32}  # the key hashes modelled here
    for f in sorted(os.listdir(d)):
        case = json.load(open(os.path.join(d, f), encoding="utf-8"))
        if case["hash"] not in key_hashes:
            print("  %-62s skipped (key hash %s not modelled here)" % (os.path.relpath(os.path.join(d, f), root), case["hash"]))
            continue
        bad += check(root, os.path.join(d, f), lm_name, key_hashes[case["hash"]])
    d = os.path.join(root, "twemproxy-ketama")
    for f in ("default-unequal-weights.json", "default-equal-25.json", "port-11211-md5.json", "weighted-4-md5.json"):
        case = json.load(open(os.path.join(d, f), encoding="utf-8"))
        bad += check(root, os.path.join(d, f), tw_name, md5_key if case["hash"] == "md5" else fnv1a_64_low32)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
