/*
 * SeedExperiment: why consistent hashing.
 *
 * Eight memcached servers, 500 random keys. Add five servers and count how many keys still go to
 * the server they went to before (a key that moves is a cache miss). A ketama ring keeps about
 * 8/13 of them; `md5(key) mod n` keeps about 1/13. Beside each count: the exact expectation
 * (Ring.diff for the ring, arithmetic for modulo).
 *
 * Same keys, same numbers as `hashring seed --dry-run`; `hashring seed` runs it on live memcached
 * through real clients.
 * Run: java -cp examples/target/classes:ring-core/target/classes io.hashring.examples.SeedExperiment [nodes keys added seed]
 */
package io.hashring.examples;

import io.hashring.core.ModuloRouter;
import io.hashring.core.Ring;
import java.util.Random;

public final class SeedExperiment {

    private SeedExperiment() {
    }

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int keys = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int added = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 42;

        String[] before = servers(nodes);
        String[] after = servers(nodes + added);

        // The ring: libmemcached's weighted ketama (160 points per server, MD5 keys); the baseline: md5(key) mod n.
        Ring<String> ringBefore = Ring.ketama(before);
        Ring<String> ringAfter = Ring.ketama(after);
        ModuloRouter<String> moduloBefore = ModuloRouter.of(before);
        ModuloRouter<String> moduloAfter = ModuloRouter.of(after);

        Random random = new Random(seed);
        int ringKept = 0;
        int moduloKept = 0;
        for (int i = 0; i < keys; i++) {
            String key = randomKey(random);
            ringKept += ringBefore.route(key).equals(ringAfter.route(key)) ? 1 : 0;
            moduloKept += moduloBefore.route(key).equals(moduloAfter.route(key)) ? 1 : 0;
        }

        // Exact: the fraction of the 2^32 hash space whose owner changes.
        double ringMoved = Ring.diff(ringBefore, ringAfter).movedFraction();
        // Exact: h mod a == h mod b holds for min(a, b) hashes in every lcm(a, b) consecutive ones.
        double moduloKeptExactly = moduloKeptHashes(nodes, nodes + added) / 4294967296.0;

        System.out.printf("%d servers, %d random keys (seed %d), then %d servers added:%n", nodes, keys, seed, added);
        System.out.printf("  ketama ring: %d of %d keys keep their server (%.1f%%); exact expectation %.2f%%%n",
                ringKept, keys, 100.0 * ringKept / keys, 100 * (1 - ringMoved));
        System.out.printf("  md5 mod n:   %d of %d keys keep their server (%.1f%%); exact expectation %.2f%%%n",
                moduloKept, keys, 100.0 * moduloKept / keys, 100 * moduloKeptExactly);
    }

    /** 10.0.0.1:11211, 10.0.0.2:11211, ... (the ids `hashring seed --dry-run` uses). */
    static String[] servers(int count) {
        String[] ids = new String[count];
        for (int i = 0; i < count; i++) {
            int n = i + 1;
            ids[i] = "10.0." + (n >> 8) + "." + (n & 0xFF) + ":11211";
        }
        return ids;
    }

    /** 12 characters from [0-9A-Za-z] (the keys `hashring seed --dry-run` draws). */
    static String randomKey(Random random) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        char[] key = new char[12];
        for (int i = 0; i < key.length; i++) {
            key[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(key);
    }

    static long moduloKeptHashes(long a, long b) {
        long min = Math.min(a, b);
        long lcm = a / java.math.BigInteger.valueOf(a).gcd(java.math.BigInteger.valueOf(b)).longValue() * b;
        long space = 1L << 32;
        return space / lcm * min + Math.min(space % lcm, min);
    }
}
