package io.hashring.client;

import java.time.Duration;
import java.util.Objects;

/**
 * What a client does with writes for a server it cannot use, and what it does before routing to
 * that server again. Memcached's own advice: failing over serves stale data unless the client
 * cleans up, because the returning server still holds the values it had before it failed.
 *
 * <ul>
 *   <li><b>Writes that fail over</b> (a set, delete, incr, ... whose key's server is ejected or not
 *       connected, sent to the next distinct server instead) are remembered per owning server (at
 *       most {@link #maxTrackedKeys()} keys per server) and carry a TTL cap ({@link #ttlCap()},
 *       like mcrouter's {@code failover_exptime}): the client follows each with a {@code touch}
 *       to the cap on the server that took it, so a copy left on the wrong server outlives the
 *       outage by at most the cap. The owning server is ejected at once (it holds older values).</li>
 *   <li><b>Before the owner is routed to again</b> (its probe succeeded) the client either deletes the
 *       remembered keys on it and on the servers that took them ({@link OnReturn#INVALIDATE}, the
 *       default; the owner is flushed instead if more keys failed over than are remembered), or
 *       flushes the owner ({@link OnReturn#FLUSH}). Only then is it readmitted. So no read after the
 *       return can see a value older than a write made during the outage.</li>
 * </ul>
 * When it fits: {@link OnReturn#INVALIDATE} keeps the returning server's other keys warm (right for
 * caches whose outages are short or touch few keys); {@link OnReturn#FLUSH} is simplest and bounded
 * in work whatever the write rate (right when a server is back after a long outage anyway).
 *
 * <p>Immutable and thread-safe.
 */
public final class FailoverPolicy {

    /** What a returning server gets before keys are routed to it again. */
    public enum OnReturn {
        /** Delete the keys written elsewhere while it was out (flush it if more than are remembered). */
        INVALIDATE,
        /** {@code flush_all} it. */
        FLUSH
    }

    /** Default TTL cap of writes that fail over (mcrouter's {@code failover_exptime} default is 60 s). */
    public static final Duration DEFAULT_TTL_CAP = Duration.ofSeconds(60);
    /** Default number of keys remembered per server while its writes fail over. */
    public static final int DEFAULT_MAX_TRACKED_KEYS = 10_000;
    /** memcached reads expirations above 30 days as absolute Unix times. */
    private static final long MAX_RELATIVE_SECONDS = 60L * 60 * 24 * 30;

    private static final FailoverPolicy DEFAULTS = new FailoverPolicy(DEFAULT_TTL_CAP, OnReturn.INVALIDATE, DEFAULT_MAX_TRACKED_KEYS);

    private final Duration ttlCap;
    private final OnReturn onReturn;
    private final int maxTrackedKeys;

    private FailoverPolicy(Duration ttlCap, OnReturn onReturn, int maxTrackedKeys) {
        Objects.requireNonNull(ttlCap, "ttlCap");
        if (ttlCap.getSeconds() < 1 || ttlCap.getSeconds() > MAX_RELATIVE_SECONDS || ttlCap.getNano() != 0) {
            throw new IllegalArgumentException("ttlCap must be whole seconds between 1 s and 30 days, was " + ttlCap);
        }
        if (maxTrackedKeys < 0) {
            throw new IllegalArgumentException("maxTrackedKeys must not be negative, was " + maxTrackedKeys);
        }
        this.ttlCap = ttlCap;
        this.onReturn = Objects.requireNonNull(onReturn, "onReturn");
        this.maxTrackedKeys = maxTrackedKeys;
    }

    /** TTL cap 60 s, {@link OnReturn#INVALIDATE}, 10,000 keys remembered per server. */
    public static FailoverPolicy defaults() {
        return DEFAULTS;
    }

    /** A policy with these values. */
    public static FailoverPolicy of(Duration ttlCap, OnReturn onReturn, int maxTrackedKeys) {
        return new FailoverPolicy(ttlCap, onReturn, maxTrackedKeys);
    }

    /** The longest TTL a write that failed over keeps on the server that took it. */
    public Duration ttlCap() {
        return ttlCap;
    }

    /** The cap in seconds. */
    public int ttlCapSeconds() {
        return (int) ttlCap.getSeconds();
    }

    /**
     * The expiration a failed-over write with expiration {@code exp} (memcached's: 0 = never,
     * up to 30 days relative seconds, above absolute Unix time) should end up with, or -1 if it
     * already expires within the cap.
     */
    public int cappedExpiration(long exp, long nowEpochSeconds) {
        long cap = ttlCap.getSeconds();
        long relative = exp == 0 ? Long.MAX_VALUE : exp > MAX_RELATIVE_SECONDS ? exp - nowEpochSeconds : exp;
        return relative > cap ? (int) cap : -1;
    }

    /** What a returning server gets. */
    public OnReturn onReturn() {
        return onReturn;
    }

    /** Keys remembered per server while its writes fail over. */
    public int maxTrackedKeys() {
        return maxTrackedKeys;
    }

    @Override
    public String toString() {
        return "FailoverPolicy{ttlCap " + ttlCap + ", on return " + onReturn + ", up to " + maxTrackedKeys + " keys per server}";
    }
}
