package io.hashring.hash.interop;

import io.hashring.core.HashFunction;

/**
 * A per-thread growable byte buffer for hashing composite keys ({@code "3" + key},
 * {@code node + "-" + key}, {@code key + "-0"}) without allocating: text is appended as UTF-8
 * (an unpaired surrogate becomes {@code '?'}, as {@code String.getBytes} does). Two independent
 * buffers per thread. Valid until the same thread asks for that buffer again.
 */
final class KeyBuffer {

    private static final ThreadLocal<KeyBuffer> FIRST = ThreadLocal.withInitial(KeyBuffer::new);
    private static final ThreadLocal<KeyBuffer> SECOND = ThreadLocal.withInitial(KeyBuffer::new);

    private byte[] buf = new byte[512];
    private int len;

    private KeyBuffer() {
    }

    static KeyBuffer first() {
        KeyBuffer b = FIRST.get();
        b.len = 0;
        return b;
    }

    static KeyBuffer second() {
        KeyBuffer b = SECOND.get();
        b.len = 0;
        return b;
    }

    byte[] bytes() {
        return buf;
    }

    int length() {
        return len;
    }

    void truncate(int length) {
        len = length;
    }

    int hash(HashFunction f) {
        return f.hash(buf, 0, len);
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            byte[] n = new byte[Math.max(len + extra, buf.length * 2)];
            System.arraycopy(buf, 0, n, 0, len);
            buf = n;
        }
    }

    KeyBuffer append(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
        return this;
    }

    /** Appends the decimal digits of {@code v} (no allocation). */
    KeyBuffer append(long v) {
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            if (v == Long.MIN_VALUE) {
                return append("9223372036854775808");
            }
            v = -v;
        }
        int start = len;
        do {
            buf[len++] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
        return this;
    }

    /** Appends one ASCII character. */
    KeyBuffer append(char c) {
        if (c >= 0x80) {
            throw new IllegalArgumentException("not ASCII: " + (int) c);
        }
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    KeyBuffer append(CharSequence s) {
        int n = s.length();
        ensure(n * 3);
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                buf[len++] = (byte) ch;
            } else if (ch < 0x800) {
                buf[len++] = (byte) (0xc0 | ch >>> 6);
                buf[len++] = (byte) (0x80 | ch & 0x3f);
            } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(ch, s.charAt(++i));
                buf[len++] = (byte) (0xf0 | cp >>> 18);
                buf[len++] = (byte) (0x80 | cp >>> 12 & 0x3f);
                buf[len++] = (byte) (0x80 | cp >>> 6 & 0x3f);
                buf[len++] = (byte) (0x80 | cp & 0x3f);
            } else if (Character.isSurrogate(ch)) {
                buf[len++] = (byte) '?';
            } else {
                buf[len++] = (byte) (0xe0 | ch >>> 12);
                buf[len++] = (byte) (0x80 | ch >>> 6 & 0x3f);
                buf[len++] = (byte) (0x80 | ch & 0x3f);
            }
        }
        return this;
    }
}
