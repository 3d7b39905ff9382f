package io.hashring.client;

import java.nio.charset.StandardCharsets;

/**
 * memcached's key rules for the text protocol: 1 to 250 bytes, no spaces, no control characters
 * (bytes {@code <= 0x20} and {@code 0x7f}). Clients check keys before sending; routing itself
 * accepts any non-null key.
 */
public final class MemcachedKeys {

    /** memcached's {@code KEY_MAX_LENGTH}. */
    public static final int MAX_LENGTH = 250;

    private MemcachedKeys() {
    }

    /**
     * Checks a text key (as UTF-8).
     *
     * @return the key
     * @throws InvalidKeyException naming what is wrong; {@code NullPointerException} for null
     */
    public static String check(String key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        if (!validText(key)) {
            check(key.getBytes(StandardCharsets.UTF_8), key); // throws, saying what is wrong
        }
        return key;
    }

    /** Checks a byte key; see {@link #check(String)}. */
    public static byte[] check(byte[] key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        check(key, null);
        return key;
    }

    /** Whether the key satisfies memcached's rules. */
    public static boolean isValid(String key) {
        return key != null && validText(key);
    }

    /**
     * The rules over the key's UTF-8 bytes without encoding it: only ASCII chars can be a space or
     * a control byte (every byte of a multi-byte sequence is {@code >= 0x80}), and the others add
     * their encoded length (an unpaired surrogate is encoded as one {@code '?'}, as
     * {@link String#getBytes} does). Allocation-free: every operation's key passes here.
     */
    private static boolean validText(String key) {
        int n = key.length();
        if (n == 0 || n > MAX_LENGTH) {
            return false; // n chars encode to at least n bytes
        }
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c < 0x80) {
                if (isForbidden((byte) c)) {
                    return false;
                }
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(key.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += Character.isSurrogate(c) ? 1 : 3;
            }
        }
        return bytes <= MAX_LENGTH;
    }

    /** Throws if {@code b} breaks a rule; the message shows {@code text} (or the byte count) only then. */
    private static void check(byte[] b, String text) {
        if (b.length == 0) {
            throw new InvalidKeyException("key is empty; memcached keys are 1 to " + MAX_LENGTH + " bytes");
        }
        if (b.length > MAX_LENGTH) {
            throw new InvalidKeyException("key " + shown(b, text) + " is " + b.length + " bytes; memcached allows at most " + MAX_LENGTH);
        }
        for (int i = 0; i < b.length; i++) {
            if (isForbidden(b[i])) {
                throw new InvalidKeyException(String.format(
                        "key %s has byte 0x%02x at position %d; memcached keys may not contain spaces or control characters",
                        shown(b, text), b[i] & 0xff, i));
            }
        }
    }

    private static String shown(byte[] b, String text) {
        return text != null ? abbreviate(text) : "(" + b.length + " bytes)";
    }

    private static boolean isForbidden(byte x) {
        int u = x & 0xff;
        return u <= 0x20 || u == 0x7f;
    }

    private static String abbreviate(String s) {
        String visible = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < visible.length(); i++) {
            char c = visible.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    /** A key memcached would reject. */
    public static final class InvalidKeyException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public InvalidKeyException(String message) {
            super(message);
        }
    }
}
