package io.hashring.hash.interop;

import io.hashring.core.HashFunction;
import io.hashring.core.Node;
import io.hashring.core.Ring;
import java.util.ArrayList;
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
            owner[b] = ring.size() == 1 ? 0 : ring.pointOwnerIndex(ring.pointIndex((int) (step * b)));
        }
    }

    @Override
    public Server route(CharSequence key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return routeHash(ring.hashFunction().hash(key));
    }

    @Override
    public Server route(byte[] key, int offset, int length) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return routeHash(ring.hashFunction().hash(key, offset, length));
    }

    @Override
    public Server routeHash(int hash) {
        return ring.nodes().get(owner[(int) (Integer.toUnsignedLong(hash) % BUCKETS)]).value();
    }

    @Override
    public List<Server> candidates(CharSequence key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return fromBucket((int) (Integer.toUnsignedLong(ring.hashFunction().hash(key)) % BUCKETS));
    }

    @Override
    public List<Server> candidates(byte[] key) {
        return fromBucket((int) (Integer.toUnsignedLong(ring.hashFunction().hash(key)) % BUCKETS));
    }

    private List<Server> fromBucket(int b) {
        List<Server> out = new ArrayList<>();
        boolean[] seen = new boolean[ring.size()];
        for (int i = 0; i < BUCKETS; i++) {
            int o = owner[(b + i) % BUCKETS];
            if (!seen[o]) {
                seen[o] = true;
                out.add(ring.nodes().get(o).value());
            }
        }
        for (int o = 0; o < seen.length; o++) {
            if (!seen[o]) {
                out.add(ring.nodes().get(o).value());
            }
        }
        return out;
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
            out.add(routeHash(b.hash(ring.hashFunction())));
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
