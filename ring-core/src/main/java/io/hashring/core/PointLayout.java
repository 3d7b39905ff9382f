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
            int digests = (count + 3) >>> 2;
            int[] words = new int[8];
            int d = 0;
            if (base.length + digits(digests - 1) <= 55) {
                // Every point key fits one MD5 block. Keep each of the two keys as a padded block
                // (key, 0x80, zeros) and its message words; per digest only the words from the
                // first one that holds an index digit change. Lengths never shrink as the index
                // grows, so the bytes past a key's 0x80 stay zero.
                byte[] key = Arrays.copyOf(base, 64);
                byte[] key2 = Arrays.copyOf(base, 64);
                int[] x = new int[16];
                int[] y = new int[16];
                int first = base.length >>> 2;
                Md5.messageWords(key, 0, x);
                Md5.messageWords(key2, 0, y);
                for (; d + 1 < digests; d += 2) {
                    int length = base.length + decimal(d, key, base.length);
                    int length2 = base.length + decimal(d + 1, key2, base.length);
                    key[length] = (byte) 0x80;
                    key2[length2] = (byte) 0x80;
                    Md5.messageWords(key, first, x);
                    Md5.messageWords(key2, first, y);
                    x[14] = length << 3;
                    y[14] = length2 << 3;
                    Md5.blocks2(x, y, words);
                    System.arraycopy(words, 0, out, d * 4, Math.min(8, count - d * 4));
                }
            } else {
                byte[] key = Arrays.copyOf(base, base.length + 10);
                byte[] key2 = Arrays.copyOf(base, base.length + 10);
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
            }
            byte[] key = Arrays.copyOf(base, base.length + 10);
            for (; d < digests; d++) {
                int length = base.length + decimal(d, key, base.length);
                Md5.words(key, 0, length, words);
                System.arraycopy(words, 0, out, d * 4, Math.min(4, count - d * 4));
            }
        }

        /** How many decimal digits {@code value >= 0} has. */
        private static int digits(int value) {
            int digits = 1;
            for (int v = value; v >= 10; v /= 10) {
                digits++;
            }
            return digits;
        }

        /** Writes {@code value >= 0} in decimal at {@code key[at..]}; returns the digit count. */
        private static int decimal(int value, byte[] key, int at) {
            if (value < 100) {
                // Most rings: 160 points per server are digests 0..39.
                if (value < 10) {
                    key[at] = (byte) ('0' + value);
                    return 1;
                }
                key[at] = (byte) ('0' + value / 10);
                key[at + 1] = (byte) ('0' + value % 10);
                return 2;
            }
            int digits = digits(value);
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
