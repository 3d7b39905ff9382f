package io.hashring.testkit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Reproducible random memcached keys: {@code prefix:} then 8 to 24 characters of [a-zA-Z0-9_-]. */
public final class TestKeys {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";

    private TestKeys() {
    }

    /** {@code count} distinct keys from the seed {@link TestkitSettings#seed()} mixed with {@code salt}. */
    public static List<String> random(String prefix, int count, long salt) {
        Random random = new Random(TestkitSettings.seed() * 31 + salt);
        Set<String> keys = new LinkedHashSet<>();
        while (keys.size() < count) {
            int len = 8 + random.nextInt(17);
            StringBuilder sb = new StringBuilder(prefix).append(':');
            for (int i = 0; i < len; i++) {
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            keys.add(sb.toString());
        }
        return new ArrayList<>(keys);
    }
}
