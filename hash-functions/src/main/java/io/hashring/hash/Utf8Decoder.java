package io.hashring.hash;

import java.nio.charset.StandardCharsets;

/**
 * Decodes UTF-8 key bytes into a per-thread reusable UTF-16 view, so that hashes defined over
 * UTF-16 code units or code points can take byte keys without allocating. The view is valid until
 * the same thread decodes the next key. Malformed input (never produced by encoding a
 * {@code String}) falls back to {@code new String(bytes, UTF_8)}, which allocates.
 */
final class Utf8Decoder implements CharSequence {

    private static final ThreadLocal<Utf8Decoder> SCRATCH = ThreadLocal.withInitial(Utf8Decoder::new);

    private char[] chars = new char[256];
    private int length;

    private Utf8Decoder() {
    }

    static CharSequence decode(byte[] b, int off, int len) {
        Utf8Decoder d = SCRATCH.get();
        if (d.chars.length < len) {
            d.chars = new char[Math.max(len, d.chars.length * 2)];
        }
        char[] out = d.chars;
        int n = 0;
        int i = off;
        int end = off + len;
        while (i < end) {
            int b0 = b[i] & 0xff;
            if (b0 < 0x80) {
                out[n++] = (char) b0;
                i++;
            } else if (b0 >= 0xc2 && b0 < 0xe0 && i + 1 < end && cont(b[i + 1])) {
                out[n++] = (char) ((b0 & 0x1f) << 6 | b[i + 1] & 0x3f);
                i += 2;
            } else if (b0 >= 0xe0 && b0 < 0xf0 && i + 2 < end && cont(b[i + 1]) && cont(b[i + 2])) {
                int c = (b0 & 0x0f) << 12 | (b[i + 1] & 0x3f) << 6 | b[i + 2] & 0x3f;
                if (c < 0x800 || Character.isSurrogate((char) c)) {
                    return new String(b, off, len, StandardCharsets.UTF_8);
                }
                out[n++] = (char) c;
                i += 3;
            } else if (b0 >= 0xf0 && b0 < 0xf5 && i + 3 < end && cont(b[i + 1]) && cont(b[i + 2]) && cont(b[i + 3])) {
                int cp = (b0 & 0x07) << 18 | (b[i + 1] & 0x3f) << 12 | (b[i + 2] & 0x3f) << 6 | b[i + 3] & 0x3f;
                if (cp < 0x10000 || cp > 0x10ffff) {
                    return new String(b, off, len, StandardCharsets.UTF_8);
                }
                out[n++] = Character.highSurrogate(cp);
                out[n++] = Character.lowSurrogate(cp);
                i += 4;
            } else {
                return new String(b, off, len, StandardCharsets.UTF_8);
            }
        }
        d.length = n;
        return d;
    }

    private static boolean cont(byte x) {
        return (x & 0xc0) == 0x80;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return chars[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().subSequence(start, end);
    }

    @Override
    public String toString() {
        return new String(chars, 0, length);
    }
}
