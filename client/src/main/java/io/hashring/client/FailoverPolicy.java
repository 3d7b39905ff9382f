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
 * <p><b>Misses instead of failover</b> ({@link #missWhileEjected()}, {@link Mode#MISS}): while a
 * key's server is ejected, nothing for that key is sent anywhere. A read of it is a miss at once (no
 * wait, no network); a write, delete, touch or incr/decr of it is dropped and reports failure at once
 * (each adapter documents the value its methods return). Nothing is written to other servers, so
 * nothing is left there to clean up, and the other servers' hit rates are not diluted by a dead
 * server's keys. The cost: the dead server's keys miss for the whole outage (the backing store takes
 * their load), and a <em>dropped delete or overwrite</em> would leave the value the server held
 * before the outage readable after it returns. So by default ({@link OnReturn#INVALIDATE}) the keys
 * of dropped writes are remembered (up to {@link #maxTrackedKeys()}; beyond that the server is
 * flushed) and deleted on the server before it is readmitted; {@link OnReturn#FLUSH} flushes it
 * instead; {@link OnReturn#KEEP} readmits it as it is (old values of keys deleted or overwritten
 * during the outage are then readable: only for data that is never deleted or overwritten). Fits when
 * stale data is worse than a miss and the backing store can take one server's share of reads, or when
 * failover would overload the next server. Failover ({@link Mode#FAIL_OVER}, the default) fits when
 * misses are expensive and a short outage should stay invisible to callers.
 *
 * <p>Immutable and thread-safe.
 */
public final class FailoverPolicy {

    /** What a client does with the keys of a server while it is ejected. */
    public enum Mode {
        /** Send them to the next distinct server (reads and writes). */
        FAIL_OVER,
        /** Answer reads with a miss and drop writes, at once and without network. */
        MISS
    }

    /** What a returning server gets before keys are routed to it again. */
    public enum OnReturn {
        /**
         * Delete the keys written elsewhere (failover) or dropped (misses) while it was out; flush it
         * if more than are remembered.
         */
        INVALIDATE,
        /** {@code flush_all} it. */
        FLUSH,
        /**
         * Nothing: it is readmitted with what it holds. Only with {@link Mode#MISS}: values it held
         * before the outage of keys deleted or overwritten during it are readable again.
         */
        KEEP
    }

    /** Default TTL cap of writes that fail over (mcrouter's {@code failover_exptime} default is 60 s). */
    public static final Duration DEFAULT_TTL_CAP = Duration.ofSeconds(60);
    /** Default number of keys remembered per server while its writes fail over. */
    public static final int DEFAULT_MAX_TRACKED_KEYS = 10_000;
    /** memcached reads expirations above 30 days as absolute Unix times. */
    private static final long MAX_RELATIVE_SECONDS = 60L * 60 * 24 * 30;

    private static final FailoverPolicy DEFAULTS = new FailoverPolicy(Mode.FAIL_OVER, DEFAULT_TTL_CAP, OnReturn.INVALIDATE,
            DEFAULT_MAX_TRACKED_KEYS);

    private final Mode mode;
    private final Duration ttlCap;
    private final OnReturn onReturn;
    private final int maxTrackedKeys;

    private FailoverPolicy(Mode mode, Duration ttlCap, OnReturn onReturn, int maxTrackedKeys) {
        this.mode = Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(ttlCap, "ttlCap");
        if (mode == Mode.FAIL_OVER && onReturn == OnReturn.KEEP) {
            throw new IllegalArgumentException("onReturn KEEP is only for missWhileEjected: after a failover the returning"
                    + " server holds values older than the writes made elsewhere (use INVALIDATE or FLUSH)");
        }
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

    /**
     * A failover policy with these values.
     *
     * @throws IllegalArgumentException if the cap is not whole seconds in 1 s .. 30 days, the key
     *                                  count is negative, or {@code onReturn} is {@link OnReturn#KEEP}
     */
    public static FailoverPolicy of(Duration ttlCap, OnReturn onReturn, int maxTrackedKeys) {
        return new FailoverPolicy(Mode.FAIL_OVER, ttlCap, onReturn, maxTrackedKeys);
    }

    /**
     * Misses instead of failover ({@link Mode#MISS}): the keys of dropped writes are deleted on the
     * server before it is readmitted ({@link OnReturn#INVALIDATE}, 10,000 keys remembered, flushed
     * beyond that).
     */
    public static FailoverPolicy missWhileEjected() {
        return missWhileEjected(OnReturn.INVALIDATE, DEFAULT_MAX_TRACKED_KEYS);
    }

    /**
     * Misses instead of failover, with what a returning server gets.
     *
     * @throws IllegalArgumentException if the key count is negative
     */
    public static FailoverPolicy missWhileEjected(OnReturn onReturn, int maxTrackedKeys) {
        return new FailoverPolicy(Mode.MISS, DEFAULT_TTL_CAP, onReturn, maxTrackedKeys);
    }

    /** What happens to the keys of an ejected server. */
    public Mode mode() {
        return mode;
    }

    /** Whether the keys of an ejected server miss (reads) and are dropped (writes) instead of failing over. */
    public boolean missesWhileEjected() {
        return mode == Mode.MISS;
    }

    /** The longest TTL a write that failed over keeps on the server that took it (unused under {@link Mode#MISS}). */
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
        return "FailoverPolicy{" + (mode == Mode.MISS ? "miss while ejected" : "fail over, ttlCap " + ttlCap)
                + ", on return " + onReturn + ", up to " + maxTrackedKeys + " keys per server}";
    }
}
