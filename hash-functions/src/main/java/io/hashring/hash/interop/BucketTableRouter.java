package io.hashring.hash.interop;

import io.hashring.core.EmptyRingException;
import io.hashring.core.HashFunction;
import io.hashring.core.Node;
import io.hashring.core.NodeCursor;
import io.hashring.core.Ring;
import io.hashring.core.internal.KeyBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PECL memcache's consistent strategy ({@code memcache_consistent_hash.c}): a ring whose owners
 * are sampled into {@value #BUCKETS} buckets, bucket {@code b} owned by the first point
 * {@code >= b * (0xffffffff / 1024)}; a key goes to bucket {@code hash(key) mod 1024}. So the key's
 * own hash is quantised: this is not "first point {@code >=} hash(key)". Allocation-free routing.
 */
final class BucketTableRouter implements PeerRouter {

    /** {@code MMC_CONSISTENT_BUCKETS}. */
    static final int BUCKETS = 1024;

    private final Ring<Server> ring;
    private final int[] owner = new int[BUCKETS];
    private final String mode;

    BucketTableRouter(String mode, Ring<Server> ring) {
        this.mode = mode;
        this.ring = ring;
        long step = 0xffffffffL / BUCKETS; // unsigned int division in C: 4194303
        for (int b = 0; b < BUCKETS; b++) {
            owner[b] = ring.size() <= 1 ? 0 : ring.indexOfHash((int) (step * b));
        }
    }

    @Override
    public int indexOf(CharSequence key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return indexOfHash(ring.hashFunction().hash(key));
    }

    @Override
    public int indexOf(byte[] key, int offset, int length) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return indexOfHash(ring.hashFunction().hash(key, offset, length));
    }

    private int indexOfHash(int hash) {
        if (ring.isEmpty()) {
            throw new EmptyRingException(mode + " has no servers");
        }
        return owner[bucket(hash)];
    }

    private static int bucket(int hash) {
        return (int) (Integer.toUnsignedLong(hash) % BUCKETS);
    }

    /** The owners of the key's bucket and the following buckets, distinct; then servers owning no bucket, in configuration order. */
    @Override
    public NodeCursor cursor() {
        return new NodeCursor() {
            private final boolean[] seen = new boolean[ring.size()];
            private int start;
            private int steps;
            private int rest;

            @Override
            public NodeCursor reset(CharSequence key) {
                if (key == null) {
                    throw new NullPointerException("key is null");
                }
                return start(bucket(ring.hashFunction().hash(key)));
            }

            @Override
            public NodeCursor reset(byte[] key, int offset, int length) {
                if (key == null) {
                    throw new NullPointerException("key is null");
                }
                return start(bucket(ring.hashFunction().hash(key, offset, length)));
            }

            private NodeCursor start(int b) {
                Arrays.fill(seen, false);
                start = b;
                steps = 0;
                rest = 0;
                return this;
            }

            @Override
            public int next() {
                if (seen.length == 0) {
                    return -1;
                }
                while (steps < BUCKETS) {
                    int o = owner[(start + steps++) % BUCKETS];
                    if (!seen[o]) {
                        seen[o] = true;
                        return o;
                    }
                }
                while (rest < seen.length) {
                    int o = rest++;
                    if (!seen[o]) {
                        seen[o] = true;
                        return o;
                    }
                }
                return -1;
            }
        };
    }

    /**
     * PECL's {@code mmc_pool_find_next}: the primary, then the servers for {@code key + "-0"},
     * {@code key + "-1"}, ... up to {@code memcache.max_failover_attempts} (20) more lookups.
     */
    @Override
    public List<Server> failoverSequence(CharSequence key) {
        List<Server> out = new ArrayList<>(21);
        out.add(route(key));
        for (int i = 0; i < 20; i++) {
            KeyBuffer b = KeyBuffer.first().append(key).append('-').append(i);
            out.add(value(indexOfHash(b.hash(ring.hashFunction()))));
        }
        return out;
    }

    @Override
    public HashFunction hashFunction() {
        return ring.hashFunction();
    }

    @Override
    public List<Node<Server>> nodes() {
        return ring.nodes();
    }

    @Override
    public int size() {
        return ring.size();
    }

    @Override
    public String toString() {
        return mode + ":" + ring + " in " + BUCKETS + " buckets";
    }
}
