package io.hashring.core;

/**
 * A per-thread buffer holding the UTF-8 bytes of the text key being routed, so that routing a
 * {@link CharSequence} allocates nothing once the buffer has grown to the thread's longest key.
 * Valid until the same thread encodes the next key; never escapes a single hash call.
 */
final class KeyBytes {

    /** memcached's key limit is 250 bytes; 256 covers every valid key without growing. */
    private static final int INITIAL_CAPACITY = 256;

    private static final ThreadLocal<KeyBytes> SCRATCH = ThreadLocal.withInitial(KeyBytes::new);

    private byte[] bytes = new byte[INITIAL_CAPACITY];
    private int length;

    private KeyBytes() {
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    /** Encodes {@code key} as UTF-8 (unpaired surrogates become {@code '?'}, as {@link String#getBytes} does). */
    static KeyBytes utf8(CharSequence key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        KeyBytes scratch = SCRATCH.get();
        int n = key.length();
        byte[] out = scratch.bytes;
        if (out.length < n * 3) {
            out = scratch.grow(n * 3);
        }
        int pos = 0;
        for (int i = 0; i < n; i++) {
            char ch = key.charAt(i);
            if (ch < 0x80) {
                out[pos++] = (byte) ch;
            } else if (ch < 0x800) {
                out[pos++] = (byte) (0xc0 | ch >>> 6);
                out[pos++] = (byte) (0x80 | ch & 0x3f);
            } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(key.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, key.charAt(++i));
                out[pos++] = (byte) (0xf0 | cp >>> 18);
                out[pos++] = (byte) (0x80 | cp >>> 12 & 0x3f);
                out[pos++] = (byte) (0x80 | cp >>> 6 & 0x3f);
                out[pos++] = (byte) (0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(ch)) {
                out[pos++] = (byte) '?';
            } else {
                out[pos++] = (byte) (0xe0 | ch >>> 12);
                out[pos++] = (byte) (0x80 | ch >>> 6 & 0x3f);
                out[pos++] = (byte) (0x80 | ch & 0x3f);
            }
        }
        scratch.length = pos;
        return scratch;
    }

    private byte[] grow(int capacity) {
        bytes = new byte[Math.max(capacity, bytes.length * 2)];
        return bytes;
    }
}
