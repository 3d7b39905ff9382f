package io.hashring.cli;

import java.util.Random;

/**
 * Reproducible random memcached keys: 12 characters from {@code [0-9A-Za-z]}, drawn from a
 * {@link Random} with a fixed seed, so every run of {@code demo} or a sampled {@code inspect}
 * sees the same keys. Not thread-safe.
 */
final class RandomKeys {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int LENGTH = 12;

    private final Random random;
    private final char[] chars = new char[LENGTH];

    RandomKeys(long seed) {
        this.random = new Random(seed);
    }

    String next() {
        for (int i = 0; i < LENGTH; i++) {
            chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(chars);
    }
}
