package io.hashring.core;

import java.nio.charset.StandardCharsets;

/**
 * How a node's ring points are derived from its identity.
 *
 * <p>A layout must be deterministic, and <em>prefix-stable</em>: the first {@code k} points for a
 * count {@code n >= k} are the points for count {@code k}. Every peer's layout is (points are
 * generated for {@code i = 0, 1, 2, ...}), and the ring relies on it to reuse a node's points
 * when only its count changes. Implementations are immutable and thread-safe.
 */
public interface PointLayout {

    /**
     * Writes the first {@code count} points of node {@code nodeId} into {@code out[0..count)}, in
     * generation order (the order the peer inserts them, which tie rules may look at).
     */
    void points(String nodeId, int count, int[] out);

    /**
     * The ketama layout: MD5 of {@code pointKey(nodeId, i)} for {@code i = 0, 1, ...}, each digest
     * giving four points (its four little-endian words, in order). A count that is not a multiple
     * of four uses the first words of the last digest.
     */
    static PointLayout md5x4(PointKeyFormat format) {
        return new Md5x4(format);
    }

    /** One point per point key: {@code hash(pointKey(nodeId, i))} (libmemcached's unweighted ketama). */
    static PointLayout hashed(HashFunction hash, PointKeyFormat format) {
        return new Hashed(hash, format);
    }

    /** See {@link #md5x4}. */
    record Md5x4(PointKeyFormat format) implements PointLayout {
        @Override
        public void points(String nodeId, int count, int[] out) {
            int[] words = new int[4];
            for (int i = 0; i * 4 < count; i++) {
                byte[] key = format.pointKey(nodeId, i).getBytes(StandardCharsets.UTF_8);
                Md5.words(key, 0, key.length, words);
                for (int j = 0; j < 4 && i * 4 + j < count; j++) {
                    out[i * 4 + j] = words[j];
                }
            }
        }

        @Override
        public String toString() {
            return "md5x4(" + format + ")";
        }
    }

    /** See {@link #hashed}. */
    record Hashed(HashFunction hash, PointKeyFormat format) implements PointLayout {
        @Override
        public void points(String nodeId, int count, int[] out) {
            for (int i = 0; i < count; i++) {
                out[i] = hash.hash(format.pointKey(nodeId, i));
            }
        }

        @Override
        public String toString() {
            return "hashed(" + hash.name() + ", " + format + ")";
        }
    }
}
