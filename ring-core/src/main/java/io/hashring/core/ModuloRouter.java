package io.hashring.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The modulo baseline: {@code bucket = hash(key) mod B} (unsigned), where the bucket list repeats
 * each node {@code weight} times in configuration order (python-memcached, PECL memcache standard,
 * twemproxy modula). With all weights 1 it is plain {@code hash mod n} (libmemcached MODULA,
 * spymemcached ArrayMod).
 *
 * <p>It is here to be compared with: adding one node to {@code n} moves about {@code n/(n+1)} of
 * all keys, where a ring moves about {@code 1/(n+1)}.
 *
 * @param <N> the user's node type
 */
public final class ModuloRouter<N> implements Router<N> {

    private final HashFunction hash;
    private final List<Node<N>> nodes;
    /** Node index per bucket. */
    private final int[] buckets;

    private ModuloRouter(HashFunction hash, List<Node<N>> nodes) {
        this.hash = hash;
        this.nodes = Collections.unmodifiableList(nodes);
        long total = 0;
        Set<String> ids = new HashSet<>();
        for (Node<N> node : nodes) {
            if (!ids.add(node.id())) {
                throw new DuplicateNodeException(node.id());
            }
            total += node.weight();
        }
        if (total > 1 << 24) {
            throw new IllegalArgumentException("total weight " + total + " is too large for a bucket list (max 2^24)");
        }
        this.buckets = new int[(int) total];
        int b = 0;
        for (int i = 0; i < nodes.size(); i++) {
            for (int w = 0; w < nodes.get(i).weight(); w++) {
                buckets[b++] = i;
            }
        }
    }

    /** A modulo router with weight-repeated buckets. */
    public static <N> ModuloRouter<N> of(HashFunction hash, Collection<Node<N>> nodes) {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(nodes, "nodes");
        List<Node<N>> copy = new ArrayList<>(nodes.size());
        for (Node<N> node : nodes) {
            copy.add(Objects.requireNonNull(node, "nodes contains null"));
        }
        return new ModuloRouter<>(hash, copy);
    }

    /** {@code md5(key) mod n} over {@code host:port} ids with weight 1: the seed's baseline. */
    public static ModuloRouter<String> of(String... servers) {
        List<Node<String>> list = new ArrayList<>();
        for (String s : servers) {
            list.add(Node.of(s));
        }
        return of(HashFunction.md5(), list);
    }

    @Override
    public int indexOf(CharSequence key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return indexOfHash(hash.hash(key));
    }

    @Override
    public int indexOf(byte[] key, int offset, int length) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return indexOfHash(hash.hash(key, offset, length));
    }

    /** The node index for a key hash (as produced by {@link #hashFunction()}). */
    public int indexOfHash(int h) {
        return buckets[bucket(h)];
    }

    /** The bucket a hash value falls in. */
    public int bucket(int h) {
        if (buckets.length == 0) {
            throw new EmptyRingException("the modulo router has no nodes");
        }
        return (int) (Integer.toUnsignedLong(h) % buckets.length);
    }

    /** Primary first, then the following buckets' distinct nodes, wrapping. */
    @Override
    public NodeCursor cursor() {
        return new NodeCursor() {
            private final long[] seen = new long[(nodes.size() + 63) >>> 6];
            private int start;
            private int steps;

            @Override
            public NodeCursor reset(CharSequence key) {
                if (key == null) {
                    throw new NullPointerException("key is null");
                }
                return start(buckets.length == 0 ? 0 : bucket(hash.hash(key)));
            }

            @Override
            public NodeCursor reset(byte[] key, int offset, int length) {
                if (key == null) {
                    throw new NullPointerException("key is null");
                }
                return start(buckets.length == 0 ? 0 : bucket(hash.hash(key, offset, length)));
            }

            private NodeCursor start(int bucket) {
                Arrays.fill(seen, 0L);
                start = bucket;
                steps = 0;
                return this;
            }

            @Override
            public int next() {
                while (steps < buckets.length) {
                    int owner = buckets[(start + steps++) % buckets.length];
                    long bit = 1L << owner;
                    if ((seen[owner >>> 6] & bit) == 0) {
                        seen[owner >>> 6] |= bit;
                        return owner;
                    }
                }
                return -1;
            }
        };
    }

    /** A new router with {@code node} appended. */
    public ModuloRouter<N> with(Node<N> node) {
        List<Node<N>> next = new ArrayList<>(nodes);
        next.add(Objects.requireNonNull(node, "node"));
        return new ModuloRouter<>(hash, next);
    }

    /** A new router without node {@code id}. */
    public ModuloRouter<N> without(String id) {
        List<Node<N>> next = new ArrayList<>(nodes);
        if (!next.removeIf(n -> n.id().equals(id))) {
            List<String> known = new ArrayList<>();
            nodes.forEach(n -> known.add(n.id()));
            throw new UnknownNodeException(id, known);
        }
        return new ModuloRouter<>(hash, next);
    }

    @Override
    public HashFunction hashFunction() {
        return hash;
    }

    @Override
    public List<Node<N>> nodes() {
        return nodes;
    }

    @Override
    public int size() {
        return nodes.size();
    }

    @Override
    public String toString() {
        return "ModuloRouter{" + hash.name() + ", " + nodes.size() + " nodes, " + buckets.length + " buckets}";
    }
}
