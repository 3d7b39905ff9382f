#!/usr/bin/python3
"""Writes the shared golden key list: one key per line, UTF-8, deterministic (fixed seed).

Every driver reads this same file. Keys follow docs golden-format rules: printable, no space or
control characters, 1..250 UTF-8 bytes, and about 20% contain non-ASCII characters (bytes >= 0x80).
A few hand-picked keys come first (wrap-around and crc15 == 0 cases, length extremes).

Usage: keys.py OUT_FILE [COUNT]
"""
import random
import sys

SEED = 20240503
MAX_BYTES = 250

# Hand-picked keys, always first (so every case, even the short ones, contains them).
FIXED = [
    "foo", "bar", "a", "0", "1", "key",
    "VDEAAAAA",        # MD5 word 0 = 0xFFFCD1B5: above the last point of libmemcached's own ketama test ring
    "coeg",            # crc15 == 0: python-memcached 1.59 and PECL memcache map it to 1
    "é", "ü", "日本語", "😀", "{tag}rest", "user:42:profile",
    "x" * MAX_BYTES,   # longest ASCII key
    "é" * (MAX_BYTES // 2),  # longest 2-byte key (250 bytes)
]

ASCII = [chr(c) for c in range(0x21, 0x7F)]  # printable, no space
WORDS = ["user", "session", "cart", "item", "page", "feed", "cache", "img", "v2", "tmp"]
NON_ASCII = ["é", "ü", "ß", "ñ", "ø", "Ω", "Ж", "ş", "日本語", "中文", "한국어", "€", "😀", "🎉", "🚀", "\u00a9"]


def utf8_len(s):
    return len(s.encode("utf-8"))


def make_key(rng):
    r = rng.random()
    if r < 0.6:
        n = rng.randint(1, 16)
    elif r < 0.9:
        n = rng.randint(17, 64)
    else:
        n = rng.randint(65, MAX_BYTES)
    style = rng.random()
    parts = []
    if style < 0.3:  # structured "word:number:word" keys, as applications write them
        while sum(utf8_len(p) for p in parts) < n:
            parts.append(rng.choice(WORDS) if rng.random() < 0.5 else str(rng.randint(0, 99999)))
            parts.append(":")
    else:
        parts = [rng.choice(ASCII) for _ in range(n)]
    if rng.random() < 0.2:  # about 20% carry non-ASCII text at a random position
        for _ in range(rng.randint(1, 3)):
            parts.insert(rng.randint(0, len(parts)), rng.choice(NON_ASCII))
    key = "".join(parts)
    while utf8_len(key) > MAX_BYTES:  # trim whole characters until it fits
        key = key[:-1]
    return key


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    rng = random.Random(SEED)
    keys = []
    seen = set()
    for k in FIXED:
        keys.append(k)
        seen.add(k)
    tries = 0
    while len(keys) < count:
        tries += 1
        if tries > count * 100:
            raise SystemExit("key generator could not produce %d distinct keys" % count)
        k = make_key(rng)
        if k and k not in seen:
            seen.add(k)
            keys.append(k)
    for k in keys:
        b = k.encode("utf-8")
        assert 1 <= len(b) <= MAX_BYTES, k
        assert all(c > 0x20 and c != 0x7F for c in b), k
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        for k in keys:
            f.write(k + "\n")


if __name__ == "__main__":
    main()
