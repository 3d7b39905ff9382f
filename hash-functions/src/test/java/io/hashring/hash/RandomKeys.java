package io.hashring.hash;

import java.util.SplittableRandom;

/** Deterministic random keys for comparisons with reference implementations: ASCII, Latin-1, CJK, emoji. */
public final class RandomKeys {

    private static final String[] EXTRA = {"é", "ü", "ß", "日", "本", "語", "😀", "🎉", "Ω", "ж", "\u00ff", "\u0080"};

    private RandomKeys() {
    }

    /** A printable key of 1..maxLen characters; about one in five contains non-ASCII characters. */
    public static String key(SplittableRandom r, int maxLen) {
        int len = 1 + r.nextInt(maxLen);
        boolean wide = r.nextInt(5) == 0;
        StringBuilder sb = new StringBuilder(len * 2);
        for (int i = 0; i < len; i++) {
            if (wide && r.nextInt(4) == 0) {
                sb.append(EXTRA[r.nextInt(EXTRA.length)]);
            } else {
                sb.append((char) ('!' + r.nextInt(94)));
            }
        }
        return sb.toString();
    }
}
