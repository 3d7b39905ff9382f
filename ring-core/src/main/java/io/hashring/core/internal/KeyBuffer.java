package io.hashring.core.internal;

import io.hashring.core.HashFunction;

/**
 * The one UTF-8 key encoder: per-thread growable byte buffers that text keys and composite keys
 * ({@code "3" + key}, {@code node + "-" + key}, {@code key + "-0"}) are written into, so hashing
 * them allocates nothing once a buffer has grown to the thread's longest key. Text is written as
 * UTF-8, an unpaired surrogate as {@code '?'} (what {@link String#getBytes} writes).
 *
 * <p>Three independent buffers per thread: {@link #utf8} (the default text path of
 * {@link HashFunction#hash(CharSequence)}), {@link #first} and {@link #second} (composite keys,
 * two of which may be under construction at once). A buffer's contents are valid until the same
 * thread asks for that buffer again; never hand one to another thread. Internal: not exported
 * beyond hashring's own modules.
 */
public final class KeyBuffer {

    /** memcached's key limit is 250 bytes; 512 holds every valid key, and a node id with it, without growing. */
    private static final int INITIAL_CAPACITY = 512;

    private static final ThreadLocal<KeyBuffer> KEY = ThreadLocal.withInitial(KeyBuffer::new);
    private static final ThreadLocal<KeyBuffer> FIRST = ThreadLocal.withInitial(KeyBuffer::new);
    private static final ThreadLocal<KeyBuffer> SECOND = ThreadLocal.withInitial(KeyBuffer::new);

    private byte[] buf = new byte[INITIAL_CAPACITY];
    private int len;

    private KeyBuffer() {
    }

    /**
     * This thread's key buffer holding the UTF-8 bytes of {@code key}.
     *
     * @throws NullPointerException ("key is null") if {@code key} is null
     */
    public static KeyBuffer utf8(CharSequence key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        return empty(KEY).append(key);
    }

    /** This thread's first composite-key buffer, emptied. */
    public static KeyBuffer first() {
        return empty(FIRST);
    }

    /** This thread's second composite-key buffer, emptied (independent of {@link #first()}). */
    public static KeyBuffer second() {
        return empty(SECOND);
    }

    private static KeyBuffer empty(ThreadLocal<KeyBuffer> which) {
        KeyBuffer b = which.get();
        b.len = 0;
        return b;
    }

    /** The buffer; bytes {@code [0, length())} are the key. */
    public byte[] bytes() {
        return buf;
    }

    /** How many bytes the key has. */
    public int length() {
        return len;
    }

    /** {@code f} over the key's bytes. */
    public int hash(HashFunction f) {
        return f.hash(buf, 0, len);
    }

    /** Room for {@code extra} more bytes; returns the (possibly new) buffer. */
    private byte[] ensure(int extra) {
        if (len + extra > buf.length) {
            byte[] grown = new byte[Math.max(len + extra, buf.length * 2)];
            System.arraycopy(buf, 0, grown, 0, len);
            buf = grown;
        }
        return buf;
    }

    /** Appends {@code b[off, off+n)}. */
    public KeyBuffer append(byte[] b, int off, int n) {
        System.arraycopy(b, off, ensure(n), len, n);
        len += n;
        return this;
    }

    /** Appends the decimal digits of {@code v} (no allocation). */
    public KeyBuffer append(long v) {
        byte[] out = ensure(20);
        if (v == Long.MIN_VALUE) {
            return append("-9223372036854775808");
        }
        if (v < 0) {
            out[len++] = '-';
            v = -v;
        }
        int start = len;
        do {
            out[len++] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return this;
    }

    /**
     * Appends one ASCII character.
     *
     * @throws IllegalArgumentException if {@code c} is not ASCII
     */
    public KeyBuffer append(char c) {
        if (c >= 0x80) {
            throw new IllegalArgumentException("not ASCII: " + (int) c);
        }
        ensure(1)[len++] = (byte) c;
        return this;
    }

    /** Appends {@code s} as UTF-8 (an unpaired surrogate as {@code '?'}). */
    public KeyBuffer append(CharSequence s) {
        int n = s.length();
        byte[] out = ensure(n * 3);
        int pos = len;
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                out[pos++] = (byte) ch;
            } else if (ch < 0x800) {
                out[pos++] = (byte) (0xc0 | ch >>> 6);
                out[pos++] = (byte) (0x80 | ch & 0x3f);
            } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, s.charAt(++i));
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
        len = pos;
        return this;
    }
}
