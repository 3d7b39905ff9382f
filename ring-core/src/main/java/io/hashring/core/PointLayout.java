package io.hashring.core;

import io.hashring.core.internal.Md5;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
            if (count > 0 && (format == PointKeyFormat.Formats.ID_DASH_INDEX || format == PointKeyFormat.Formats.LIBMEMCACHED)) {
                dashIndexPoints(format.pointKey(nodeId, 0), count, out);
                return;
            }
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

        /**
         * The built-in {@code "<base>-<i>"} formats, fast: the decimal index is written after the
         * base's UTF-8 bytes in one buffer (the same bytes {@code pointKey(id, i).getBytes(UTF_8)}
         * gives, without a string per digest), and two single-block keys are hashed at once.
         */
        private static void dashIndexPoints(String firstKey, int count, int[] out) {
            byte[] base = firstKey.substring(0, firstKey.length() - 1).getBytes(StandardCharsets.UTF_8); // "<base>-0"
            byte[] key = Arrays.copyOf(base, base.length + 10);
            byte[] key2 = Arrays.copyOf(base, base.length + 10);
            int[] words = new int[8];
            int digests = (count + 3) >>> 2;
            int d = 0;
            // Two digests at a time while both keys fit one MD5 block (ids up to ~45 bytes).
            for (; d + 1 < digests; d += 2) {
                int length = base.length + decimal(d, key, base.length);
                int length2 = base.length + decimal(d + 1, key2, base.length);
                if (length2 > 55) {
                    break;
                }
                Md5.words2(key, length, key2, length2, words);
                System.arraycopy(words, 0, out, d * 4, Math.min(8, count - d * 4));
            }
            for (; d < digests; d++) {
                int length = base.length + decimal(d, key, base.length);
                Md5.words(key, 0, length, words);
                System.arraycopy(words, 0, out, d * 4, Math.min(4, count - d * 4));
            }
        }

        /** Writes {@code value >= 0} in decimal at {@code key[at..]}; returns the digit count. */
        private static int decimal(int value, byte[] key, int at) {
            int digits = 1;
            for (int v = value; v >= 10; v /= 10) {
                digits++;
            }
            for (int i = at + digits - 1, v = value; i >= at; i--, v /= 10) {
                key[i] = (byte) ('0' + v % 10);
            }
            return digits;
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
