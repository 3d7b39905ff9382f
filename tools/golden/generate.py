#!/usr/bin/python3
"""Runs every golden-vector driver and writes the JSON cases (see tools/golden/README.md).

Usage: generate.py KEYS.txt OUT_DIR WORK_DIR
Run by regenerate.sh, which installs the peers, makes the keys and handles cleanup.
"""
import json
import os
import subprocess
import sys

import nginx_driver
import py_clients_driver as pyc
import pylibmc_driver
import twemproxy_driver
from golden_common import Processes, debian_release, dpkg_version, owners, read_keys, specs, write_case

HERE = os.path.dirname(os.path.abspath(__file__))

# Server sets (all loopback; 127.0.0.x are all loopback addresses, "localhost" is 127.0.0.1 here).
EQ3 = ["127.0.0.2:11211", "localhost:31002", "127.0.0.3:31003"]
EQ3_TEXT = "3 equal servers: one on port 11211, a hostname (localhost), IP literals"
UNEQ5 = ["127.0.0.1:31101:1", "localhost:31102:3", "127.0.0.2:11211:2", "127.0.0.3:31104:5", "127.0.0.4:31105:4"]
UNEQ5_TEXT = "5 servers, weights 1,3,2,5,4; one on port 11211, a hostname (localhost), IP literals"
EQ25 = ["127.0.0.1:%d" % (31201 + i) for i in range(25)]
EQ25_TEXT = "25 equal servers on 127.0.0.1 (the LM-formula gives 156 points per server, not 160)"
EQ4 = ["127.0.0.1:31401", "localhost:31402", "127.0.0.2:11211", "127.0.0.3:31404"]
EQ4_TEXT = "4 equal servers: one on port 11211, a hostname (localhost), IP literals"
HASH4 = ["127.0.0.1:31401:1", "localhost:31402:2", "127.0.0.2:11211:1", "127.0.0.3:31404:3"]
HASH4_TEXT = "4 servers, weights 1,2,1,3; one on port 11211, a hostname (localhost), IP literals"
P11211 = ["127.0.0.2:11211:1", "127.0.0.3:11211:1", "127.0.0.4:11211:2"]
P11211_TEXT = "3 servers all on port 11211 (127.0.0.2-4), weights 1,1,2: point names are the bare host"
NAMED = ["127.0.0.1:31301:1:alpha", "localhost:31302:1:beta", "127.0.0.2:31303:3:gamma"]
NAMED_TEXT = "3 named servers ('host:port:weight name'), weights 1,1,3: point names are the names"
FAIL4 = ["127.0.0.1:31501:1", "localhost:31502:3", "127.0.0.2:11211:2", "127.0.0.3:31504:1"]
FAIL4_DEAD = ["localhost:31502", "127.0.0.3:31504"]
FAIL4_TEXT = ("4 servers, weights 1,3,2,1; localhost:31502 and 127.0.0.3:31504 are dead (nothing listens); "
              "the others are real memcached")

# Failover with dead servers under the peers' own failure handling (libmemcached, twemproxy, PECL, nginx).
FAILW = ["127.0.0.1:31601:1", "localhost:31602:3", "127.0.0.2:11211:2", "127.0.0.3:31604:5", "127.0.0.4:31605:4"]
FAILW_DEAD = ["localhost:31602", "127.0.0.3:31604"]
FAILW_DEAD1 = ["localhost:31602"]
FAILW_TEXT = ("5 servers, weights 1,3,2,5,4; %s dead (stopped: nothing listens), the others real memcached")
FAILE = ["127.0.0.1:31611", "localhost:31612", "127.0.0.2:11211", "127.0.0.3:31614"]
FAILE_DEAD = ["localhost:31612"]
FAILE_TEXT = "4 equal servers; localhost:31612 dead (stopped: nothing listens), the others real memcached"
LM_EJECT = {"remove_failed": 1, "failure_limit": 1, "dead_timeout": 600}
LM_EJECT_TEXT = ("auto-eject on (remove_failed=1, failure_limit=1, dead_timeout=600 s: ejected after one failed "
                 "request, the continuum rebuilt over the live servers and kept for the run)")
TWEMPROXY_EJECT = (2, 600000)

HASH_TAG_TEXT = ("keys that exercise every hash_tag rule of nc_server.c server_pool_idx (no tag, empty tag, tag at "
                 "start/middle/end, unclosed, two tags, nested, tag characters only, multibyte inside and around "
                 "tags, 40 tags shared by many keys), then the first %d general keys")


def hash_tag_keys(tag, general):
    """Hand-made keys for a two-character hash_tag (left L, right R), then general keys; no duplicates."""
    L, R = tag[0], tag[1]
    t = lambda inner: L + inner + R
    hand = [
        "user1000", "user1000.following",                      # no tag: the whole key
        t("") + "user1000", "user1000" + t(""), t(""),             # empty tag: the whole key
        t("user1000") + ".following", t("user1000"),              # tag at the start, tag alone
        "timeline:" + t("user1000") + ":page2",                   # tag in the middle
        "profile:" + t("user1000"),                               # tag at the end
        L + "user1000", "user1000" + L, "x" + L + "user1000",      # unclosed: the whole key
        R + "user1000" + L, "a" + R + "b" + L + "c",               # right before left: unclosed
        t("a") + t("b"), t("b") + t("a"), t("") + t("b"),          # two tags: the first; empty first: whole key
        L + t("a") + R, L + L + "a" + R + R,                       # left twice: tag starts at the first
        L, R, L + R, R + L, L + L, R + R, L + R + L + R, L * 5, R * 5, L + L + R,   # tag characters only
        t("日本語") + "x", "é" + t("ü") + "é", t("🎉") + ".party", "ключ" + t("значение"), t("é"),  # multibyte
        t("a b".replace(" ", "_")), t("x" * 200) + "y",            # long tag
    ]
    if L == R:
        hand += [L + "ab" + L + "cd" + L, "ab" + L + L + "cd"]
    for i in range(400):
        inner = "user%d" % (i % 40)
        hand.append(["", "post%d:" % i, "k%d-" % i][i % 3] + t(inner) + ["", ":c%d" % i, ".%d" % i][(i // 3) % 3])
    out, seen = [], set()
    for k in hand + list(general):
        if k not in seen:
            seen.add(k)
            out.append(k)
    return out


MAIN = 2000   # keys for the main cases
SHORT = 1000  # keys for per-hash variants and failover cases

LIBMEMCACHED_HASHES = ["md5", "crc", "fnv1_64", "fnv1a_64", "fnv1_32", "fnv1a_32", "murmur", "jenkins"]
TWEMPROXY_HASHES = ["one_at_a_time", "md5", "crc16", "crc32", "crc32a", "fnv1_64", "fnv1a_64", "fnv1_32",
                    "fnv1a_32", "hsieh", "murmur", "jenkins"]


class Golden:
    def __init__(self, keys_path, out, work):
        self.all_keys = read_keys(keys_path)
        self.out = out
        self.work = work
        self.written = []

    def keys(self, n):
        return self.all_keys[:n]

    def keys_file(self, n):
        path = os.path.join(self.work, "keys-%d.txt" % n)
        if not os.path.exists(path):
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write("".join(k + "\n" for k in self.keys(n)))
        return path

    def write(self, mode, case, hash_name, peer, generator, description, servers, keys, chosen, **extra):
        if len(chosen) != len(keys):
            raise RuntimeError("%s/%s: %d keys but %d answers" % (mode, case, len(keys), len(chosen)))
        path = write_case(self.out, mode=mode, case=case, hash_name=hash_name, peer=peer, generator=generator,
                          description=description, servers=servers, vectors=list(zip(keys, chosen)), **extra)
        self.written.append((mode, case, len(keys)))
        print("  %-32s %-28s %5d keys" % (mode, case, len(keys)), flush=True)
        return path

    # ---- libmemcached via pylibmc -------------------------------------------------------------
    def pylibmc(self):
        peer, gen = pylibmc_driver.peer(), pylibmc_driver.GENERATOR

        def run(mode, case, hash_name, behaviors, servers, text, n):
            keys = self.keys(n)
            b = dict(behaviors)
            if hash_name is not None:
                b["hash"] = hash_name
            desc = "%s; pylibmc behaviors %s" % (text, json.dumps(b, sort_keys=True))
            self.write(mode, case, hash_name, peer, gen, desc, servers, keys,
                       pylibmc_driver.place(specs(servers), b, keys))

        kw = {"ketama_weighted": True}
        run("libmemcached-ketama-weighted", "equal-3", None, kw, EQ3, EQ3_TEXT, MAIN)
        run("libmemcached-ketama-weighted", "unequal-weights", None, kw, UNEQ5, UNEQ5_TEXT, MAIN)
        run("libmemcached-ketama-weighted", "equal-25", None, kw, EQ25, EQ25_TEXT, MAIN)

        k = {"ketama": True}
        run("libmemcached-ketama", "equal-3", None, k, EQ3, EQ3_TEXT + " (100 points each, one-at-a-time)", MAIN)
        run("libmemcached-ketama", "equal-25", None, k, EQ25, "25 equal servers on 127.0.0.1 (100 points each)", MAIN)
        run("libmemcached-ketama", "unequal-weights", None, k, UNEQ5,
            UNEQ5_TEXT + ". Weights > 1 switch libmemcached to its weighted continuum (LM-formula points, MD5 "
            "point hash) while the key hash stays one-at-a-time (INTEROP 2.1/2.2 mixed mode)", MAIN)
        for h in LIBMEMCACHED_HASHES:
            run("libmemcached-ketama", "equal-4-" + h, h, k, EQ4, EQ4_TEXT + " (100 points each, key and point "
                "hash %s)" % h, SHORT)

        spy = {"distribution": "consistent ketama spy"}
        run("libmemcached-ketama-spy", "equal-3", None, spy, EQ3, EQ3_TEXT + " (100 points '/host:port-i')", MAIN)
        run("libmemcached-ketama-spy", "equal-3-md5", "md5", spy, EQ3, EQ3_TEXT + " (100 points '/host:port-i')",
            MAIN)
        run("libmemcached-ketama-spy", "unequal-weights", None, spy, UNEQ5,
            UNEQ5_TEXT + ". Weights > 1 make the SPY continuum weighted (LM-formula points, MD5 point hash); "
            "key hash stays one-at-a-time", MAIN)

        mod = {"distribution": "modula"}
        run("libmemcached-modula", "equal-3", None, mod, EQ3, EQ3_TEXT, MAIN)
        run("libmemcached-modula", "unequal-weights", None, mod, UNEQ5, UNEQ5_TEXT + " (modula ignores weights)",
            MAIN)
        for h in LIBMEMCACHED_HASHES:
            run("libmemcached-modula", "equal-4-" + h, h, mod, EQ4, EQ4_TEXT + " (hash %s)" % h, SHORT)

        def run_dead(mode, case, behaviors, servers, dead, text, hash_name=None):
            keys = self.keys(SHORT)
            if hash_name is not None:
                behaviors = dict(behaviors, hash=hash_name)
            with Processes() as procs:
                for s in specs(servers):
                    if s.address not in dead:
                        procs.memcached(s.ip, s.port)
                placed = pylibmc_driver.place_with_dead(specs(servers), behaviors, keys, set(dead))
            failed = sum(1 for _, ok in placed if not ok)
            desc = ("%s; pylibmc behaviors %s; every key set() until failure handling settles, then recorded: "
                    "Client.hash(key) after a set, checked against the backend holding the key; %d of %d sets "
                    "failed (their server is the dead one the peer kept using)"
                    % (text, json.dumps(behaviors, sort_keys=True), failed, len(keys)))
            self.write(mode, case, hash_name, peer, gen, desc, servers, keys, [c for c, _ in placed], dead=dead)

        dead2 = FAILW_TEXT % " and ".join(FAILW_DEAD)
        run_dead("libmemcached-ketama-weighted-auto-eject", "dead-2-of-5", dict(kw, **LM_EJECT), FAILW, FAILW_DEAD,
                 dead2 + "; " + LM_EJECT_TEXT)
        run_dead("libmemcached-ketama-weighted", "dead-2-of-5-no-eject", kw, FAILW, FAILW_DEAD,
                 dead2 + "; auto-eject off (the default): no failover, requests to a dead server fail")
        run_dead("libmemcached-ketama-auto-eject", "dead-2-of-5", dict(k, **LM_EJECT), FAILW, FAILW_DEAD,
                 dead2 + "; weights > 1 make the continuum weighted, key hash one-at-a-time; " + LM_EJECT_TEXT)
        run_dead("libmemcached-ketama-auto-eject", "equal-dead-1-of-4", dict(k, **LM_EJECT), FAILE, FAILE_DEAD,
                 FAILE_TEXT + " (100 points each); " + LM_EJECT_TEXT)
        run_dead("libmemcached-ketama-spy-auto-eject", "dead-2-of-5", dict(spy, **LM_EJECT), FAILW, FAILW_DEAD,
                 dead2 + "; " + LM_EJECT_TEXT)
        run_dead("libmemcached-modula", "dead-2-of-5-auto-eject", dict(mod, **LM_EJECT), FAILW, FAILW_DEAD,
                 dead2 + "; " + LM_EJECT_TEXT + ": modula ignores ejection and keeps counting every server")

        # The user-chosen key hash in the modes that had golden files for the default hash only: SPY (100
        # key-hash points '/host:port-i'), ketama with weights > 1 (MD5 weighted points, the chosen key hash:
        # the only way to pair jenkins with the weighted continuum, php-memcached has no HASH_JENKINS), and the
        # auto-eject modes (the continuum rebuilt over the live servers with the chosen hash).
        for h in LIBMEMCACHED_HASHES:
            run("libmemcached-ketama-spy", "equal-4-" + h, h, spy, EQ4, EQ4_TEXT + " (100 points '/host:port-i', "
                "key and point hash %s)" % h, SHORT)
            run("libmemcached-ketama", "weighted-4-" + h, h, k, HASH4, HASH4_TEXT + ". Weights > 1 switch to the "
                "weighted continuum (LM-formula points, MD5 point hash); key hash %s" % h, SHORT)
            run_dead("libmemcached-ketama-auto-eject", "equal-dead-1-of-4-" + h, dict(k, **LM_EJECT), FAILE,
                     FAILE_DEAD, FAILE_TEXT + " (100 points each, key and point hash %s); " % h + LM_EJECT_TEXT, h)
            run_dead("libmemcached-ketama-spy-auto-eject", "equal-dead-1-of-4-" + h, dict(spy, **LM_EJECT), FAILE,
                     FAILE_DEAD, FAILE_TEXT + " (100 points '/host:port-i', key and point hash %s); " % h
                     + LM_EJECT_TEXT, h)

    # ---- libmemcached via php-memcached -------------------------------------------------------------
    def php_memcached(self):
        peer = "php-memcached %s (libmemcached %s; Debian php-memcached %s, php %s), %s" % (
            self.php_ext_version("memcached"), dpkg_version("libmemcached11").split("-")[0],
            dpkg_version("php-memcached"), self.php_ext_version(None), debian_release())
        gen = "tools/golden/php_memcached.php"

        def run(mode, case, distribution, option_text, servers, text, n):
            keys = self.keys(n)
            cfg = {"distribution": distribution, "hash": None,
                   "servers": [[s.host, s.port, s.weight] for s in specs(servers)]}
            chosen = self.external(["php", os.path.join(HERE, "php_memcached.php")], cfg, n)
            self.write(mode, case, None, peer, gen, "%s; %s" % (text, option_text), servers, keys, chosen)

        run("libmemcached-ketama-weighted", "php-memcached-unequal-weights", "ketama-weighted",
            "setOption(OPT_LIBKETAMA_COMPATIBLE, true) then addServer(host, port, weight)", UNEQ5, UNEQ5_TEXT, MAIN)
        run("libmemcached-ketama", "php-memcached-equal-3", "consistent",
            "setOption(OPT_DISTRIBUTION, DISTRIBUTION_CONSISTENT) then addServer(host, port, 1)", EQ3, EQ3_TEXT, MAIN)
        run("libmemcached-ketama", "php-memcached-unequal-weights", "consistent",
            "setOption(OPT_DISTRIBUTION, DISTRIBUTION_CONSISTENT) then addServer(host, port, weight): weights > 1 "
            "switch to the weighted continuum, key hash stays one-at-a-time", UNEQ5, UNEQ5_TEXT, MAIN)
        run("libmemcached-modula", "php-memcached-equal-3", "modula", "default options", EQ3, EQ3_TEXT, MAIN)

        # A user-chosen key hash with the weighted continuum. pylibmc cannot express it (its behaviours are
        # applied in a fixed order and ketama_weighted resets the hash to md5), php-memcached can: OPT_HASH
        # after OPT_LIBKETAMA_COMPATIBLE.
        for h in LIBMEMCACHED_HASHES:
            if h in ("md5", "jenkins"):  # md5: the default (other cases); php-memcached 3.2.0 has no HASH_JENKINS
                continue
            keys = self.keys(SHORT)
            cfg = {"distribution": "ketama-weighted", "hash": h,
                   "servers": [[s.host, s.port, s.weight] for s in specs(HASH4)]}
            chosen = self.external(["php", os.path.join(HERE, "php_memcached.php")], cfg, SHORT)
            self.write("libmemcached-ketama-weighted", "php-memcached-weighted-4-" + h, h, peer, gen,
                       "%s; setOption(OPT_LIBKETAMA_COMPATIBLE, true), setOption(OPT_HASH, HASH_%s), then "
                       "addServer(host, port, weight): MD5 points, the chosen key hash" % (HASH4_TEXT, h.upper()),
                       HASH4, keys, chosen)

        for h in [None] + [x for x in LIBMEMCACHED_HASHES if x not in ("md5", "jenkins")]:
            self.php_memcached_dead(peer, gen, h)

    def php_memcached_dead(self, peer, gen, h):
        """libmemcached KETAMA_WEIGHTED with auto-eject through php-memcached, 2 of 5 servers stopped; h is the
        key hash set with OPT_HASH after OPT_LIBKETAMA_COMPATIBLE, or None for its md5."""
        keys = self.keys(SHORT)
        live = [s for s in specs(FAILW) if s.address not in FAILW_DEAD]
        cfg = {"distribution": "ketama-weighted", "hash": h,
               "options": [["OPT_REMOVE_FAILED_SERVERS", True], ["OPT_SERVER_FAILURE_LIMIT", 1],
                           ["OPT_DEAD_TIMEOUT", 600]],
               "servers": [[s.host, s.port, s.weight] for s in specs(FAILW)],
               "flush": [[s.ip, s.port] for s in live]}
        with Processes() as procs:
            for s in live:
                procs.memcached(s.ip, s.port)
            lines = self.external(["php", os.path.join(HERE, "php_memcached.php")], cfg, SHORT)
            owner = owners(live, [k.encode("utf-8") for k in keys])
        chosen = [line.split("\t")[0] for line in lines]
        for key, line in zip(keys, lines):
            server, ok = line.split("\t")
            if (ok == "1") != (owner.get(key.encode("utf-8")) == server):
                raise RuntimeError("php-memcached: key %r set %s, getServerByKey %s, held by %s"
                                   % (key, ok, server, owner.get(key.encode("utf-8"))))
        self.write("libmemcached-ketama-weighted-auto-eject", "php-memcached-dead-2-of-5" + ("-" + h if h else ""),
                   h, peer, gen,
                   FAILW_TEXT % " and ".join(FAILW_DEAD) + "; setOption(OPT_LIBKETAMA_COMPATIBLE, true), "
                   + ("setOption(OPT_HASH, HASH_%s), " % h.upper() if h else "")
                   + "OPT_REMOVE_FAILED_SERVERS true, OPT_SERVER_FAILURE_LIMIT 1, OPT_DEAD_TIMEOUT 600, then "
                   "addServer(host, port, weight); every key set() until no set fails, backends emptied, then "
                   "each key set() again and getServerByKey(key) recorded, checked against the backend holding it",
                   FAILW, keys, chosen, dead=FAILW_DEAD)

    # ---- PECL memcache -------------------------------------------------------------------------------
    def php_memcache(self):
        peer = "php-memcache %s (Debian php-memcache %s, php %s), %s" % (
            self.php_ext_version("memcache"), dpkg_version("php-memcache"), self.php_ext_version(None),
            debian_release())
        gen = "tools/golden/php_memcache.php"
        for strategy in ("consistent", "standard"):
            for function in ("crc32", "fnv"):
                for case, servers, text in (("equal-3", EQ3, EQ3_TEXT), ("unequal-weights", UNEQ5, UNEQ5_TEXT)):
                    keys = self.keys(MAIN)
                    cfg = {"strategy": strategy, "function": function,
                           "servers": [[s.host, s.port, s.weight] for s in specs(servers)]}
                    chosen = self.external(["php", os.path.join(HERE, "php_memcache.php")], cfg, MAIN)
                    desc = "%s; memcache.hash_strategy=%s, memcache.hash_function=%s" % (text, strategy, function)
                    self.write("php-memcache-" + strategy, "%s-%s" % (function, case), function, peer, gen, desc,
                               servers, keys, chosen)

        # Failover: real set() requests with two servers stopped; the backend holding a key is where it went.
        keys = self.keys(SHORT)
        live = [s for s in specs(FAILW) if s.address not in FAILW_DEAD]
        for strategy in ("consistent", "standard"):
            for function in ("crc32", "fnv"):
                cfg = {"strategy": strategy, "function": function, "store": True,
                       "servers": [[s.host, s.port, s.weight] for s in specs(FAILW)]}
                with Processes() as procs:
                    for s in live:
                        procs.memcached(s.ip, s.port)
                    oks = self.external(["php", os.path.join(HERE, "php_memcache.php")], cfg, SHORT)
                    owner = owners(live, [k.encode("utf-8") for k in keys])
                chosen = []
                for k, ok in zip(keys, oks):
                    held = owner.get(k.encode("utf-8"))
                    if ok != "1" or held is None:
                        raise RuntimeError("php-memcache %s/%s: set(%r) -> %s, held by %s" % (strategy, function, k, ok, held))
                    chosen.append(held)
                desc = ("%s; memcache.hash_strategy=%s, memcache.hash_function=%s, allow_failover=1, "
                        "max_failover_attempts=20 (defaults); one set($key) per key, the live backend holding it recorded"
                        % (FAILW_TEXT % " and ".join(FAILW_DEAD), strategy, function))
                self.write("php-memcache-" + strategy, "%s-dead-2-of-5" % function, function, peer, gen, desc,
                           FAILW, keys, chosen, dead=FAILW_DEAD)

    # ---- dalli ------------------------------------------------------------------------------------------
    def dalli(self):
        out = subprocess.run(["ruby", "-e", 'require "dalli"; print Dalli::VERSION, " ", RUBY_VERSION'],
                             check=True, capture_output=True, text=True).stdout.split()
        peer = "dalli %s (Debian ruby-dalli %s, ruby %s), %s" % (out[0], dpkg_version("ruby-dalli"), out[1],
                                                                 debian_release())
        gen = "tools/golden/dalli.rb"
        script = os.path.join(HERE, "dalli.rb")

        def dalli_spec(s):
            return s.address + (":%d" % s.weight if s.weight != 1 else "")

        for case, servers, text in (("equal-3", EQ3, EQ3_TEXT), ("unequal-weights", UNEQ5, UNEQ5_TEXT),
                                    ("equal-25", EQ25, "25 equal servers on 127.0.0.1")):
            keys = self.keys(MAIN)
            chosen = self.run_lines(["ruby", script, "ring", self.keys_file(MAIN)] +
                                    [dalli_spec(s) for s in specs(servers)])
            self.write("dalli", case, None, peer, gen, text + "; Dalli::Ring continuum lookup (CRC32 key hash)",
                       servers, keys, chosen)

        # Failover: the client's own server_for_key with real memcached for the live servers.
        keys = self.keys(SHORT)
        with Processes() as procs:
            for s in specs(FAIL4):
                if s.address not in FAIL4_DEAD:
                    procs.memcached(s.ip, s.port)
            lines = self.run_lines(["ruby", script, "live", self.keys_file(SHORT)] +
                                   [dalli_spec(s) for s in specs(FAIL4)])
        chosen = [line.split("\t")[0] for line in lines]
        sequences = [line.split("\t")[1].split(",") for line in lines]
        self.write("dalli", "failover-dead-servers", None, peer, gen,
                   FAIL4_TEXT + "; Dalli::Ring#server_for_key (failover on: rehash '#{try}#{key}'); "
                   "failover.sequence = the server of each lookup, first to last", FAIL4, keys, chosen,
                   dead=FAIL4_DEAD, failover=list(zip(keys, sequences)))

    # ---- Python clients --------------------------------------------------------------------------------
    def python_clients(self):
        peer, gen = pyc.pymemcache_peer(), pyc.GENERATOR
        for case, servers, text in (("equal-3", EQ3, EQ3_TEXT), ("equal-25", EQ25, "25 equal servers on 127.0.0.1")):
            keys = self.keys(MAIN)
            self.write("pymemcache", case, None, peer, gen, text + "; HashClient rendezvous (str keys)", servers,
                       keys, pyc.pymemcache_place(specs(servers), keys))

        # RendezvousHash(seed=...): murmur3_32 keeps only the seed's low 32 bits (2**32 + 42 scores as 42, -1 as
        # 2**32 - 1); the cases record the seed as given.
        for seed in (1, 42, 2 ** 31 - 1, 2 ** 32 - 1, 2 ** 32 + 42, -1):
            for case, servers, text in (("equal-3", EQ3, EQ3_TEXT), ("unequal-weights", UNEQ5, UNEQ5_TEXT)):
                keys = self.keys(SHORT)
                self.write("pymemcache", "seed-%s-%s" % (str(seed).replace("-", "minus-"), case), None, peer, gen,
                           text + "; HashClient(servers, hasher=lambda: RendezvousHash(seed=%d)) (str keys; "
                           "pymemcache ignores weights)" % seed, servers, keys,
                           pyc.pymemcache_place(specs(servers), keys, seed=seed), options={"seed": str(seed)})

        peer = pyc.uhashring_peer()
        for case, servers, text in (("equal-3", EQ3, EQ3_TEXT), ("unequal-weights", UNEQ5, UNEQ5_TEXT),
                                    ("equal-25", EQ25, "25 equal servers on 127.0.0.1")):
            keys = self.keys(MAIN)
            self.write("uhashring-ketama", case, None, peer, gen,
                       text + "; HashRing({'host:port': {'weight': w}}, hash_fn='ketama')", servers, keys,
                       pyc.uhashring_place(specs(servers), keys))
        # HashRing(..., replicas=r, vnodes=v): r points per MD5('node-w') digest (its first r words), and
        # (v * n * w) // T digests per node (ring_ketama.py); defaults replicas 4, vnodes 40 in ketama mode (ring.py).
        for options in ({"replicas": 1}, {"replicas": 2}, {"replicas": 3}, {"vnodes": 1}, {"vnodes": 7},
                        {"vnodes": 160}, {"replicas": 3, "vnodes": 100}, {"replicas": 1, "vnodes": 500}):
            for case, servers, text in (("equal-3", EQ3, EQ3_TEXT), ("unequal-weights", UNEQ5, UNEQ5_TEXT)):
                keys = self.keys(SHORT)
                name = "-".join("%s-%d" % kv for kv in options.items())
                args = ", ".join("%s=%d" % kv for kv in options.items())
                self.write("uhashring-ketama", "%s-%s" % (name, case), None, peer, gen,
                           text + "; HashRing({'host:port': {'weight': w}}, hash_fn='ketama', %s)" % args, servers,
                           keys, pyc.uhashring_place(specs(servers), keys, **options),
                           options={k: str(v) for k, v in options.items()})

        peer = pyc.python_memcached_peer()
        for case, servers, text in (("equal-3", EQ3, EQ3_TEXT), ("unequal-weights", UNEQ5, UNEQ5_TEXT)):
            keys = self.keys(MAIN)
            with Processes() as procs:
                for s in specs(servers):
                    procs.memcached(s.ip, s.port)
                placed = pyc.python_memcached_place(specs(servers), keys)
            if any(len(tried) != 1 for _, tried in placed):
                raise RuntimeError("python-memcached retried although every server is up")
            self.write("python-memcached", case, None, peer, gen,
                       text + "; Client([('host:port', weight)])._get_server(key), all servers real memcached",
                       servers, keys, [c for c, _ in placed])
        keys = self.keys(SHORT)
        with Processes() as procs:
            for s in specs(FAIL4):
                if s.address not in FAIL4_DEAD:
                    procs.memcached(s.ip, s.port)
            placed = pyc.python_memcached_place(specs(FAIL4), keys)
        self.write("python-memcached", "failover-dead-servers", None, peer, gen,
                   FAIL4_TEXT + "; Client._get_server(key) rehashes str(hash)+str(i) past dead servers; "
                   "failover.sequence = every server it tried to connect to, first to last",
                   FAIL4, keys, [c for c, _ in placed], dead=FAIL4_DEAD,
                   failover=[(k, tried) for k, (_, tried) in zip(keys, placed)])

    # ---- twemproxy -------------------------------------------------------------------------------------
    def twemproxy(self):
        peer, gen = twemproxy_driver.peer(), twemproxy_driver.GENERATOR

        def run(mode, case, hash_name, distribution, servers, text, n):
            keys = self.keys(n)
            desc = "%s; nutcracker distribution %s, hash %s" % (
                text, distribution, hash_name or "not set (default fnv1a_64)")
            self.write(mode, case, hash_name, peer, gen, desc, servers, keys,
                       twemproxy_driver.place(specs(servers), hash_name, distribution, keys, self.work))

        run("twemproxy-ketama", "default-unequal-weights", None, "ketama", UNEQ5, UNEQ5_TEXT, MAIN)
        run("twemproxy-ketama", "port-11211-md5", "md5", "ketama", P11211, P11211_TEXT, MAIN)
        run("twemproxy-ketama", "named-one_at_a_time", "one_at_a_time", "ketama", NAMED, NAMED_TEXT, MAIN)
        run("twemproxy-ketama", "default-equal-25", None, "ketama", EQ25, EQ25_TEXT, MAIN)
        for h in TWEMPROXY_HASHES:
            run("twemproxy-ketama", "weighted-4-" + h, h, "ketama", HASH4, HASH4_TEXT, SHORT)
        for h in TWEMPROXY_HASHES:
            run("twemproxy-modula", "weighted-4-" + h, h, "modula", HASH4, HASH4_TEXT, SHORT)

        def run_dead(mode, case, distribution, servers, dead, eject, text):
            keys = self.keys(SHORT)
            placed = twemproxy_driver.place_with_dead(specs(servers), None, distribution, keys, self.work,
                                                      set(dead), eject)
            failed = sum(1 for _, ok in placed if not ok)
            how = ("auto_eject_hosts: true, server_failure_limit: %d, server_retry_timeout: %d ms" % eject
                   if eject else "auto_eject_hosts: false (the default): requests to a dead server fail")
            desc = ("%s; nutcracker distribution %s, hash not set (default fnv1a_64), %s; every key set through "
                    "nutcracker until no set fails (at most 4 passes), backends emptied, then each key set again "
                    "and the backend holding it recorded; %d of %d sets failed (their server is the dead one)"
                    % (text, distribution, how, failed, len(keys)))
            self.write(mode, case, None, peer, gen, desc, servers, keys, [c for c, _ in placed], dead=dead)

        # hash_tag pools: nutcracker places each key by the part inside the tag (nc_server.c server_pool_idx).
        def run_tag(mode, case, hash_name, distribution, servers, text, tag, dead=None, eject=None):
            keys = hash_tag_keys(tag, self.keys(SHORT))
            desc = "%s; nutcracker distribution %s, hash %s, hash_tag: \"%s\"; %s" % (
                text, distribution, hash_name or "not set (default fnv1a_64)", tag, HASH_TAG_TEXT % SHORT)
            if dead is None:
                chosen = twemproxy_driver.place(specs(servers), hash_name, distribution, keys, self.work, hash_tag=tag)
                self.write(mode, case, hash_name, peer, gen, desc, servers, keys, chosen, options={"hash_tag": tag})
                return
            placed = twemproxy_driver.place_with_dead(specs(servers), hash_name, distribution, keys, self.work,
                                                      set(dead), eject, hash_tag=tag)
            desc += ("; auto_eject_hosts: true, server_failure_limit: %d, server_retry_timeout: %d ms, %s stopped; "
                     "every key set through nutcracker until no set fails, backends emptied, then each key set again "
                     "and the backend holding it recorded" % (eject + (" and ".join(dead),)))
            self.write(mode, case, hash_name, peer, gen, desc, servers, keys, [c for c, _ in placed], dead=dead,
                       options={"hash_tag": tag})

        run_tag("twemproxy-ketama", "hash-tag-braces-unequal-weights", None, "ketama", UNEQ5, UNEQ5_TEXT, "{}")
        run_tag("twemproxy-ketama", "hash-tag-dollars-weighted-4-md5", "md5", "ketama", HASH4, HASH4_TEXT, "$$")
        run_tag("twemproxy-ketama", "hash-tag-angles-named-murmur", "murmur", "ketama", NAMED, NAMED_TEXT, "<>")
        run_tag("twemproxy-modula", "hash-tag-braces-weighted-4", None, "modula", HASH4, HASH4_TEXT, "{}")
        run_tag("twemproxy-modula", "hash-tag-angles-weighted-4-crc32a", "crc32a", "modula", HASH4, HASH4_TEXT, "<>")
        run_tag("twemproxy-ketama-auto-eject", "hash-tag-braces-dead-2-of-5", None, "ketama", FAILW,
                FAILW_TEXT % " and ".join(FAILW_DEAD), "{}", FAILW_DEAD, TWEMPROXY_EJECT)
        run_tag("twemproxy-modula-auto-eject", "hash-tag-dollars-dead-2-of-5", None, "modula", FAILW,
                FAILW_TEXT % " and ".join(FAILW_DEAD), "$$", FAILW_DEAD, TWEMPROXY_EJECT)

        run_dead("twemproxy-ketama-auto-eject", "default-dead-2-of-5", "ketama", FAILW, FAILW_DEAD, TWEMPROXY_EJECT,
                 FAILW_TEXT % " and ".join(FAILW_DEAD))
        run_dead("twemproxy-ketama", "default-dead-1-of-5-no-eject", "ketama", FAILW, FAILW_DEAD1, None,
                 FAILW_TEXT % FAILW_DEAD1[0])
        run_dead("twemproxy-modula-auto-eject", "default-dead-2-of-5", "modula", FAILW, FAILW_DEAD, TWEMPROXY_EJECT,
                 FAILW_TEXT % " and ".join(FAILW_DEAD))

    # ---- nginx --------------------------------------------------------------------------------------------
    def nginx(self):
        peer, gen = nginx_driver.peer(), nginx_driver.GENERATOR
        usable = [k for k in self.all_keys if nginx_driver.usable(k)][:MAIN]
        for mode, consistent, directive in (("nginx-consistent", True, "hash $arg_k consistent;"),
                                            ("nginx-hash", False, "hash $arg_k;")):
            for case, servers, text in (("equal-3", EQ3, EQ3_TEXT), ("unequal-weights", UNEQ5, UNEQ5_TEXT)):
                placed = nginx_driver.place(specs(servers), consistent, usable, self.work)
                desc = ("%s; upstream '%s' with 'server host:port weight=w;' (keys containing '&' or '#' are "
                        "left out: they cannot travel as one raw $arg_k)" % (text, directive))
                self.write(mode, case, None, peer, gen, desc, servers, [k for k, _ in placed],
                           [s for _, s in placed])

        usable_short = [k for k in self.all_keys if nginx_driver.usable(k)][:SHORT]
        for mode, consistent, directive in (("nginx-consistent", True, "hash $arg_k consistent;"),
                                            ("nginx-hash", False, "hash $arg_k;")):
            placed = nginx_driver.place(specs(FAILW), consistent, usable_short, self.work, dead=set(FAILW_DEAD))
            desc = ("%s; upstream '%s' with 'server host:port weight=w;', proxy_next_upstream error timeout, "
                    "max_fails=1 fail_timeout=10s (defaults): the live server that answered each request "
                    "(keys containing '&' or '#' are left out)" % (FAILW_TEXT % " and ".join(FAILW_DEAD), directive))
            self.write(mode, "dead-2-of-5", None, peer, gen, desc, FAILW, [k for k, _ in placed],
                       [s for _, s in placed], dead=FAILW_DEAD)

        # Empty hash key ($arg_k empty: /?k=): nginx does not hash, it takes the worker's smooth weighted round
        # robin. One fresh worker (worker_processes 1) per case, 3 full cycles (3 x total weight) of requests.
        eq3_w, uneq5_w, failw_w = (sum(s.weight for s in specs(x)) for x in (EQ3, UNEQ5, FAILW))
        interleaved = []
        for k in usable_short[:3 * uneq5_w]:
            interleaved += ["", k]
        for mode, consistent, directive in (("nginx-consistent", True, "hash $arg_k consistent;"),
                                            ("nginx-hash", False, "hash $arg_k;")):
            for case, servers, text, keys, dead in (
                    ("empty-key-equal-3", EQ3, EQ3_TEXT, [""] * (3 * eq3_w), ()),
                    ("empty-key-unequal-weights", UNEQ5, UNEQ5_TEXT, [""] * (3 * uneq5_w), ()),
                    ("empty-key-interleaved", UNEQ5, UNEQ5_TEXT + "; empty keys alternate with hashed keys",
                     interleaved, ()),
                    ("empty-key-dead-2-of-5", FAILW, FAILW_TEXT % " and ".join(FAILW_DEAD), [""] * (3 * failw_w),
                     FAILW_DEAD)):
                placed = nginx_driver.place(specs(servers), consistent, keys, self.work, dead=set(dead))
                desc = ("%s; upstream '%s' with 'server host:port weight=w;'%s; requests in order through one fresh "
                        "worker, the empty key sent as '/?k=' ($arg_k empty: nginx takes its round robin, not the "
                        "hash): the server that answered each request"
                        % (text, directive, ", proxy_next_upstream error timeout, max_fails=1 fail_timeout=10s "
                           "(defaults)" if dead else ", proxy_next_upstream off"))
                self.write(mode, case, None, peer, gen, desc, servers, [k for k, _ in placed],
                           [s for _, s in placed], in_order=True, **({"dead": list(dead)} if dead else {}))

    # ---- gomemcache (Go) --------------------------------------------------------------------------------
    def gomemcache(self):
        binary = os.path.join(self.work, "gomemcache_driver")
        env = dict(os.environ, GO111MODULE="off", GOPATH="/usr/share/gocode", GOCACHE=os.path.join(self.work, "gocache"),
                   GOFLAGS="", CGO_ENABLED="0")
        subprocess.run(["go", "build", "-o", binary, os.path.join(HERE, "gomemcache_driver.go")], check=True, env=env,
                       timeout=600)
        go = subprocess.run(["go", "env", "GOVERSION"], check=True, capture_output=True, text=True, env=env).stdout.strip()
        deb = dpkg_version("golang-github-bradfitz-gomemcache-dev")
        peer = "gomemcache %s (Debian golang-github-bradfitz-gomemcache-dev %s, %s), %s" % (
            deb.split("-")[0], deb, go, debian_release())
        gen = "tools/golden/gomemcache_driver.go"
        for case, servers, text in (("equal-3", EQ3, EQ3_TEXT), ("equal-25", EQ25, "25 equal servers on 127.0.0.1")):
            keys = self.keys(MAIN)
            chosen = self.run_lines([binary, self.keys_file(MAIN)] + [s.address for s in specs(servers)])
            self.write("gomemcache", case, None, peer, gen,
                       text + "; memcache.ServerList.SetServers(servers...), PickServer(key) (crc32 mod server count)",
                       servers, keys, chosen)

    # ---- Perl Cache::Memcached and Cache::Memcached::Fast -------------------------------------------------
    def perl(self):
        versions = subprocess.run(["perl", "-MCache::Memcached", "-MCache::Memcached::Fast", "-e",
                                   'print "$Cache::Memcached::VERSION $Cache::Memcached::Fast::VERSION $^V"'],
                                  check=True, capture_output=True, text=True).stdout.split()
        gen = "tools/golden/perl_memcached.pl"
        script = os.path.join(HERE, "perl_memcached.pl")

        def run(mode, case, client, ketama_points, servers, dead, text, n, trace=False):
            keys = self.keys(n)
            live = [s for s in specs(servers) if s.address not in dead]
            cfg = {"client": client, "ketama_points": ketama_points, "trace": 1 if trace else 0,
                   "servers": [[s.address, s.weight] for s in specs(servers)]}
            with Processes() as procs:
                for s in live:
                    procs.memcached(s.ip, s.port)
                lines = self.external(["perl", script], cfg, n)
                owner = owners(live, [k.encode("utf-8") for k in keys])
            chosen, sequences = [], []
            for k, line in zip(keys, lines):
                parts = line.split("\t")
                held = owner.get(k.encode("utf-8"))
                if parts[0] != "1" or held is None:
                    raise RuntimeError("%s: set(%r) -> %s, held by %s" % (client, k, parts[0], held))
                chosen.append(held)
                if trace:
                    seq = parts[1].split(",")
                    if seq[-1] != held:
                        raise RuntimeError("%s: key %r held by %s but the last server tried is %s" % (client, k, held, seq[-1]))
                    sequences.append(seq)
            if client == "Cache::Memcached":
                peer = "Cache::Memcached %s (Debian libcache-memcached-perl %s, perl %s), %s" % (
                    versions[0], dpkg_version("libcache-memcached-perl"), versions[2], debian_release())
            else:
                peer = "Cache::Memcached::Fast %s (Debian libcache-memcached-fast-perl %s, perl %s), %s" % (
                    versions[1], dpkg_version("libcache-memcached-fast-perl"), versions[2], debian_release())
            how = ("%s->new({servers => [...weights...]%s}), one set($key) per key against real memcached, the backend "
                   "holding the key recorded" % (client, ", ketama_points => %d" % ketama_points if ketama_points else ""))
            extra = {}
            if dead:
                extra["dead"] = dead
            if trace:
                extra["failover"] = list(zip(keys, sequences))
            self.write(mode, case, None, peer, gen, "%s; %s" % (text, how), servers, keys, chosen, **extra)

        for case, servers, text in (("equal-3", EQ3, EQ3_TEXT), ("unequal-weights", UNEQ5, UNEQ5_TEXT)):
            run("perl-cache-memcached", case, "Cache::Memcached", 0, servers, [], text, MAIN)
            run("perl-cache-memcached-fast", case, "Cache::Memcached::Fast", 0, servers, [], text, MAIN)
            run("perl-cache-memcached-fast-ketama", case, "Cache::Memcached::Fast", 150, servers, [], text, MAIN)
        run("perl-cache-memcached", "failover-dead-servers", "Cache::Memcached", 0, FAIL4, FAIL4_DEAD,
            FAIL4_TEXT + "; get_sock rehashes hv += crc15('<try><key>') past dead servers; failover.sequence = "
            "every server it looked at, first to last", SHORT, trace=True)

    # ---- helpers ----------------------------------------------------------------------------------------
    def php_ext_version(self, ext):
        code = 'echo phpversion(%s);' % ('"%s"' % ext if ext else "")
        return subprocess.run(["php", "-r", code], check=True, capture_output=True, text=True).stdout.strip()

    def external(self, argv, cfg, n):
        path = os.path.join(self.work, "config.json")
        with open(path, "w") as f:
            json.dump(cfg, f)
        return self.run_lines(argv + [path, self.keys_file(n)])

    def run_lines(self, argv):
        out = subprocess.run(argv, capture_output=True, timeout=600)
        if out.returncode != 0:
            raise RuntimeError("%s failed (%d): %s" % (" ".join(argv[:3]), out.returncode, out.stderr.decode()))
        return out.stdout.decode("utf-8").split("\n")[:-1]


def main():
    keys_path, out, work = sys.argv[1:4]
    g = Golden(keys_path, out, work)
    only = set(sys.argv[4:])  # optional: run only some drivers (for development)
    for name in ("pylibmc", "php_memcached", "php_memcache", "dalli", "python_clients", "twemproxy", "nginx",
                 "gomemcache", "perl"):
        if not only or name in only:
            print("%s:" % name, flush=True)
            getattr(g, name)()
    print("%d case files" % len(g.written))


if __name__ == "__main__":
    main()
