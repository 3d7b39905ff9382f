package io.hashring.testkit;

import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link Rules rule} is to be read: whether every subject must pass it, whether it needs
 * something the subject declares, and how often a correct subject fails it by chance.
 *
 * @param kind             required, optional or statistical
 * @param needs            for an optional rule, what the subject must declare (a {@link Capability}
 *                         name or {@link #ROUTING_MODEL}); null otherwise
 * @param falseFailureRate probability that a correct subject fails the rule in one run (0 for a
 *                         deterministic check); an optional rule can be statistical too
 */
public record Classification(Kind kind, String needs, double falseFailureRate) {

    /** The three kinds of rule. */
    public enum Kind {
        /** Every subject must pass; a failure is a bug or a declared expected failure. */
        REQUIRED,
        /** Runs only when the subject declares what it needs; skipped with the reason otherwise. */
        OPTIONAL,
        /** A bound on a random quantity; fails a correct subject with the stated probability. */
        STATISTICAL
    }

    /** What rules R2.3 and R2.5 need: a prediction of placement ({@link ClientFactory#routingModel}). */
    public static final String ROUTING_MODEL = "ROUTING_MODEL";

    /**
     * What R4.5 needs: the same client with warm migration off ({@code WarmMigrationKit.withoutWarmMigration()}),
     * and a routing model (to know the moved fraction).
     */
    public static final String WITHOUT_WARM_MIGRATION = "WITHOUT_WARM_MIGRATION + ROUTING_MODEL";

    /**
     * R2.1's: its 55% bound is about three standard deviations (ring arcs and key sampling) below
     * ketama's expected 8/13, so a correct ring on random ports falls below it about once in 740
     * runs (one-sided normal tail at z = 3). With the deterministic port plan and the fixed key seed
     * the outcome is the same every run.
     */
    public static final double RETENTION_FALSE_FAILURE = 1.35e-3;

    public Classification {
        Objects.requireNonNull(kind, "kind");
        if (falseFailureRate < 0 || falseFailureRate >= 1) {
            throw new IllegalArgumentException("false-failure rate must be in [0, 1), was " + falseFailureRate);
        }
        if ((kind == Kind.OPTIONAL) != (needs != null)) {
            throw new IllegalArgumentException("an optional rule names what it needs, no other rule does: " + kind + ", " + needs);
        }
        if (kind == Kind.STATISTICAL && falseFailureRate == 0) {
            throw new IllegalArgumentException("a statistical rule states its false-failure rate");
        }
    }

    static Classification required() {
        return new Classification(Kind.REQUIRED, null, 0);
    }

    static Classification statistical(double falseFailureRate) {
        return new Classification(Kind.STATISTICAL, null, falseFailureRate);
    }

    static Classification optional(Capability needs) {
        return new Classification(Kind.OPTIONAL, needs.name(), 0);
    }

    static Classification optional(String needs) {
        return new Classification(Kind.OPTIONAL, needs, 0);
    }

    static Classification optional(String needs, double falseFailureRate) {
        return new Classification(Kind.OPTIONAL, needs, falseFailureRate);
    }

    static Classification optional(Capability needs, double falseFailureRate) {
        return new Classification(Kind.OPTIONAL, needs.name(), falseFailureRate);
    }

    /** {@code required}, {@code optional (WEIGHTS), false failure 2.3e-06}, {@code statistical, false failure 5.7e-07}. */
    @Override
    public String toString() {
        String s = kind.name().toLowerCase(Locale.ROOT) + (needs == null ? "" : " (" + needs + ")");
        return falseFailureRate == 0 ? s : s + String.format(Locale.ROOT, ", false failure %.1e", falseFailureRate);
    }
}
