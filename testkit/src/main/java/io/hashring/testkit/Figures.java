package io.hashring.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measured figures of the rule running on the current thread (retention, shares, moved fraction,
 * error counts, ...), written to the report next to the rule's outcome. Values are numbers,
 * strings, lists or maps of those. Not thread-safe: kits record from the test thread only.
 */
public final class Figures {

    private static final ThreadLocal<Figures> CURRENT = new ThreadLocal<>();

    private final Map<String, Object> values = new LinkedHashMap<>();

    Figures() {
    }

    /** The figures of the rule running on this thread (a detached instance outside a kit rule). */
    public static Figures current() {
        Figures f = CURRENT.get();
        return f != null ? f : new Figures();
    }

    static Figures begin() {
        Figures f = new Figures();
        CURRENT.set(f);
        return f;
    }

    static void end() {
        CURRENT.remove();
    }

    /** Records a figure; returns the value for chaining into assertions. */
    public <T> T put(String name, T value) {
        values.put(name, value);
        return value;
    }

    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }
}
