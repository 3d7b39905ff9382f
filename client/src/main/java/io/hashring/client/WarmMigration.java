package io.hashring.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a client keeps hits across a topology change: for a window after every change (add, remove,
 * reweight, a whole new server list) it remembers the previous routing snapshot; a read that
 * misses on a key's new server asks the key's old server, returns its value and copies it to the
 * new server with {@code add}; every write also deletes the old server's copy. The runtime side is
 * {@link WarmWindow}. An immutable value; thread-safe.
 *
 * <h2>Defaults ({@link #defaults()}) and why</h2>
 * <ul>
 *   <li><b>Window: 5 minutes.</b> Long enough for a cache's hot set to be read at least once (the
 *       keys whose misses would load the database in the minute after a change are, by definition,
 *       read many times a minute), short enough that a removed server is disconnected soon after.
 *       A long window costs little: only a miss of a key whose owner moved pays for the extra
 *       old-server read, and a key read once is on its new server after that.</li>
 *   <li><b>Copy TTL cap: 5 minutes.</b> spymemcached and xmemcached cannot read a value's remaining
 *       TTL (that needs memcached 1.6's meta commands, which neither client speaks), so a copied
 *       value gets this expiry, whatever it had left on the old server. A copy therefore lives at
 *       most this long on its new server before the next read refills it from the source of
 *       truth; a value written with a shorter TTL can outlive it by at most this much.</li>
 *   <li><b>End after 1,000 consecutive warm misses</b> (reads of old servers that found nothing, or
 *       failed): the old servers have stopped answering hits, so the window ends early and misses
 *       stop paying for the second read.</li>
 *   <li><b>At most 8 warming snapshots</b> (changes in one window compose; see {@link WarmWindow}):
 *       a 9th change drops the oldest, so a warm read tries at most 8 old servers.</li>
 * </ul>
 * Builders default to {@link #off()}: warm migration changes what a removal means (the server
 * stays connected and readable during the window) and doubles the requests of writes to moved
 * keys, so a client turns it on explicitly.
 *
 * @param window       how long each change warms; zero means off
 * @param copyTtl      the expiry of copies on their new server (memcached's exptime, whole seconds)
 * @param missStreak   consecutive warm misses that end the window early
 * @param maxSnapshots how many earlier snapshots a window keeps at most
 */
public record WarmMigration(Duration window, Duration copyTtl, int missStreak, int maxSnapshots) {

    /** memcached treats an exptime above 30 days as an absolute Unix time. */
    private static final Duration MAX_TTL = Duration.ofDays(30);

    public WarmMigration {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(copyTtl, "copyTtl");
        if (window.isNegative()) {
            throw new IllegalArgumentException("warm-up window must not be negative, was " + window);
        }
        if (copyTtl.toSeconds() < 1 || copyTtl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("copy TTL must be between 1 s and 30 days, was " + copyTtl);
        }
        if (missStreak < 1) {
            throw new IllegalArgumentException("miss streak must be at least 1, was " + missStreak);
        }
        if (maxSnapshots < 1) {
            throw new IllegalArgumentException("max warming snapshots must be at least 1, was " + maxSnapshots);
        }
    }

    /** No warm migration: a change takes effect at once and a removed server is closed at once. */
    public static WarmMigration off() {
        return new WarmMigration(Duration.ZERO, Duration.ofMinutes(5), 1000, 8);
    }

    /** Warm migration with the documented defaults (5 min window, 5 min copy TTL cap, 1,000 misses, 8 snapshots). */
    public static WarmMigration defaults() {
        return of(Duration.ofMinutes(5));
    }

    /**
     * Warm migration with this window and the other defaults.
     *
     * @throws IllegalArgumentException if the window is zero or negative
     */
    public static WarmMigration of(Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("warm-up window must be positive, was " + window + " (use WarmMigration.off())");
        }
        return new WarmMigration(window, Duration.ofMinutes(5), 1000, 8);
    }

    /** The same with another copy TTL cap (1 s to 30 days). */
    public WarmMigration withCopyTtl(Duration ttl) {
        return new WarmMigration(window, ttl, missStreak, maxSnapshots);
    }

    /** The same, ending a window early after {@code n} consecutive warm misses. */
    public WarmMigration withMissStreak(int n) {
        return new WarmMigration(window, copyTtl, n, maxSnapshots);
    }

    /** The same, keeping at most {@code n} earlier snapshots. */
    public WarmMigration withMaxSnapshots(int n) {
        return new WarmMigration(window, copyTtl, missStreak, n);
    }

    /** Whether changes open a warm-up window. */
    public boolean enabled() {
        return !window.isZero();
    }

    /** The copy TTL as memcached's exptime (seconds). */
    public int copyExpiry() {
        return (int) copyTtl.toSeconds();
    }
}
