package io.hashring.client;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * When a client stops sending keys to a failing node, and when it tries the node again: the one
 * failover behaviour both hashring adapters (spymemcached, xmemcached) share, so the same
 * configuration means the same thing in either client.
 *
 * <h2>Semantics</h2>
 * Each node has an {@link EjectionState}. The client reports {@linkplain EjectionState#recordFailure(FailureKind)
 * failures} (both adapters report a lost connection, every failed connection attempt and every
 * operation timeout, {@link FailureKind}) and
 * {@linkplain EjectionState#recordSuccess() successes} (a connection established).
 * <ol>
 *   <li><b>Eject.</b> A node is ejected after {@link #failureThreshold() K} consecutive failures
 *       (no success in between), or after K failures within the {@link #flapWindow() flap window}
 *       even with successes in between (a node that connects and drops again and again).</li>
 *   <li><b>Duration, damped.</b> The first ejection lasts {@link #ejectFor() T}; each further
 *       ejection of the same streak lasts twice the previous one, capped at
 *       {@link #maxEjectFor() Tmax}: {@code T, 2T, 4T, ..., Tmax}.</li>
 *   <li><b>Retry.</b> When the ejection ends the node is routed to again, on probation for as long
 *       as it was last ejected. A single failure during probation ejects it again, for the next,
 *       longer duration; a success does not end probation early.</li>
 *   <li><b>Forgive.</b> A node that gets through probation without a failure starts a new streak:
 *       its next ejection lasts {@code T} again.</li>
 *   <li>While a node is ejected, its failures and successes are ignored.</li>
 * </ol>
 * Routing with an ejected node: its keys go to the next distinct node in ring order that is not
 * ejected (the ring's failover order, {@link Router#candidates}); keys of other nodes never move.
 * If every node is ejected, keys go to their primary node.
 *
 * <h2>Timeouts</h2>
 * A hung server (stopped, swapping, overloaded) keeps its connections open, so the adapters also
 * report every operation that got no answer within the client's operation timeout
 * ({@link FailureKind#TIMEOUT}). {@code K} timeouts within {@link #timeoutWindow()} eject the
 * node like K failures; one timeout during probation ejects it again. A server that stops
 * answering is therefore ejected within about {@code K x opTimeout} of its first unanswered
 * operation with one caller (sooner with concurrent callers), provided
 * {@code K x opTimeout <= timeoutWindow}.
 *
 * <h2>Readmission</h2>
 * With {@link #readmitByProbe()} (the default) an ejected node is not routed to again because time
 * passed: the client's health thread sends it a {@code version} request over a connection of its
 * own once the ejection length has passed, and then every {@link #ejectFor() T} while it fails, and
 * readmits it when one succeeds (the adapters' reconnect delays are capped at T too). A node that
 * came back is readmitted within {@code T + probe timeout} (+ one health tick) of coming back,
 * during its first ejection. Without it (the {@link Builder#readmitByProbe(boolean) timer}
 * variant) the node is readmitted when the ejection length has passed, answering or not.
 *
 * <h2>Defaults</h2>
 * {@code K = 3} (twemproxy's {@code server_failure_limit} is 2, libmemcached's
 * {@code MEMCACHED_BEHAVIOR_SERVER_FAILURE_LIMIT} is commonly set to 2-5), {@code T = 1 s},
 * {@code Tmax = 30 s} (twemproxy's {@code server_retry_timeout} default, and spymemcached's
 * default {@code maxReconnectDelay}), flap window 10 s.
 *
 * <p>Immutable and thread-safe. The clock is injectable (nanoseconds, like
 * {@link System#nanoTime()}), so tests step time without sleeping.
 */
public final class EjectionPolicy {

    /** Default K: consecutive failures before a node is ejected. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    /** Default T: the first ejection's length. */
    public static final Duration DEFAULT_EJECT_FOR = Duration.ofSeconds(1);
    /** Default Tmax: the longest ejection. */
    public static final Duration DEFAULT_MAX_EJECT_FOR = Duration.ofSeconds(30);
    /** Default flap window: K failures within it eject a node even with successes in between. */
    public static final Duration DEFAULT_FLAP_WINDOW = Duration.ofSeconds(10);

    /** Default timeout window: K operation timeouts within it eject a node. */
    public static final Duration DEFAULT_TIMEOUT_WINDOW = Duration.ofSeconds(30);

    private static final EjectionPolicy DEFAULTS = builder().build();
    private static final EjectionPolicy NEVER = new EjectionPolicy(builder(), false);

    private final boolean enabled;
    private final int failureThreshold;
    private final long ejectForNanos;
    private final long maxEjectForNanos;
    private final long flapWindowNanos;
    private final long timeoutWindowNanos;
    private final boolean readmitByProbe;
    private final LongSupplier clock;

    private EjectionPolicy(Builder b, boolean enabled) {
        this.enabled = enabled;
        this.failureThreshold = b.failureThreshold;
        this.ejectForNanos = b.ejectFor.toNanos();
        this.maxEjectForNanos = b.maxEjectFor.toNanos();
        this.flapWindowNanos = b.flapWindow.toNanos();
        this.timeoutWindowNanos = b.timeoutWindow.toNanos();
        this.readmitByProbe = b.readmitByProbe;
        this.clock = b.clock;
    }

    /** The documented defaults: K = 3, T = 1 s, Tmax = 30 s, flap window 10 s, {@link System#nanoTime()}. */
    public static EjectionPolicy defaults() {
        return DEFAULTS;
    }

    /** Never ejects: routing only avoids nodes the client itself reports unusable (not connected). */
    public static EjectionPolicy never() {
        return NEVER;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A fresh state (healthy, no failures) for one node. Cheap; one per node per client. */
    public EjectionState newState() {
        return new EjectionState(this);
    }

    /** Whether this policy ever ejects ({@code false} only for {@link #never()}). */
    public boolean isEnabled() {
        return enabled;
    }

    /** K: consecutive failures that eject a node. */
    public int failureThreshold() {
        return failureThreshold;
    }

    /** T: the first ejection's length. */
    public Duration ejectFor() {
        return Duration.ofNanos(ejectForNanos);
    }

    /** Tmax: the cap on the doubled ejection lengths. */
    public Duration maxEjectFor() {
        return Duration.ofNanos(maxEjectForNanos);
    }

    /** K failures within this window eject a node even with successes in between; zero disables the rule. */
    public Duration flapWindow() {
        return Duration.ofNanos(flapWindowNanos);
    }

    /** K operation timeouts within this window eject a node. */
    public Duration timeoutWindow() {
        return Duration.ofNanos(timeoutWindowNanos);
    }

    /** Whether an ejected node is readmitted only after a successful background probe (else when its ejection length passed). */
    public boolean readmitByProbe() {
        return enabled && readmitByProbe;
    }

    long timeoutWindowNanos() {
        return timeoutWindowNanos;
    }

    long now() {
        return clock.getAsLong();
    }

    long ejectForNanos() {
        return ejectForNanos;
    }

    long maxEjectForNanos() {
        return maxEjectForNanos;
    }

    long flapWindowNanos() {
        return flapWindowNanos;
    }

    /** The length of the {@code streak}-th ejection (0-based) of one streak: {@code min(T * 2^streak, Tmax)}. */
    public Duration ejectionLength(int streak) {
        return Duration.ofNanos(ejectionNanos(streak));
    }

    long ejectionNanos(int streak) {
        if (streak < 0) {
            throw new IllegalArgumentException("streak must be >= 0, was " + streak);
        }
        long d = ejectForNanos;
        for (int i = 0; i < streak && d < maxEjectForNanos; i++) {
            d = d > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : d * 2;
        }
        return Math.min(d, maxEjectForNanos);
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "EjectionPolicy{never}";
        }
        return "EjectionPolicy{after " + failureThreshold + " failures, eject for " + ejectFor() + " doubling up to "
                + maxEjectFor() + ", flap window " + flapWindow() + ", " + failureThreshold + " timeouts within "
                + timeoutWindow() + (readmitByProbe ? ", readmitted by probe" : ", readmitted by timer") + "}";
    }

    /** Builds an {@link EjectionPolicy}; validates each value as it is set. */
    public static final class Builder {
        private int failureThreshold = DEFAULT_FAILURE_THRESHOLD;
        private Duration ejectFor = DEFAULT_EJECT_FOR;
        private Duration maxEjectFor = DEFAULT_MAX_EJECT_FOR;
        private Duration flapWindow = DEFAULT_FLAP_WINDOW;
        private Duration timeoutWindow = DEFAULT_TIMEOUT_WINDOW;
        private boolean readmitByProbe = true;
        private LongSupplier clock = System::nanoTime;

        private Builder() {
        }

        /** The window in which K operation timeouts eject a node; positive. */
        public Builder timeoutWindow(Duration window) {
            Objects.requireNonNull(window, "timeoutWindow");
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("timeoutWindow must be positive, was " + window);
            }
            this.timeoutWindow = window;
            return this;
        }

        /**
         * {@code true} (default): an ejected node comes back only after a successful background
         * probe; {@code false}: when its ejection length has passed, without a probe.
         */
        public Builder readmitByProbe(boolean probe) {
            this.readmitByProbe = probe;
            return this;
        }

        /** K, at least 1. */
        public Builder failureThreshold(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("failureThreshold must be at least 1, was " + k);
            }
            this.failureThreshold = k;
            return this;
        }

        /** T, positive. */
        public Builder ejectFor(Duration t) {
            Objects.requireNonNull(t, "ejectFor");
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("ejectFor must be positive, was " + t);
            }
            this.ejectFor = t;
            return this;
        }

        /** Tmax, at least T (checked by {@link #build()}). */
        public Builder maxEjectFor(Duration tmax) {
            Objects.requireNonNull(tmax, "maxEjectFor");
            if (tmax.isNegative() || tmax.isZero()) {
                throw new IllegalArgumentException("maxEjectFor must be positive, was " + tmax);
            }
            this.maxEjectFor = tmax;
            return this;
        }

        /** The flap window; {@link Duration#ZERO} disables the flap rule. */
        public Builder flapWindow(Duration window) {
            Objects.requireNonNull(window, "flapWindow");
            if (window.isNegative()) {
                throw new IllegalArgumentException("flapWindow must not be negative, was " + window);
            }
            this.flapWindow = window;
            return this;
        }

        /** The clock, in nanoseconds with an arbitrary origin (default {@link System#nanoTime()}); for tests. */
        public Builder clock(LongSupplier nanoClock) {
            this.clock = Objects.requireNonNull(nanoClock, "clock");
            return this;
        }

        /** @throws IllegalArgumentException if {@code maxEjectFor < ejectFor} */
        public EjectionPolicy build() {
            if (maxEjectFor.compareTo(ejectFor) < 0) {
                throw new IllegalArgumentException("maxEjectFor " + maxEjectFor + " is shorter than ejectFor " + ejectFor);
            }
            return new EjectionPolicy(this, true);
        }
    }
}
