package io.hashring.client;

/**
 * What a client's warm migration has done so far (counts since the client was built), as returned
 * by {@code warmStats()} on both adapters' clients. An immutable value.
 *
 * @param open                 whether a warm-up window is open now
 * @param warmingSnapshots     how many earlier snapshots are warming now
 * @param windowsOpened        topology changes that opened (or extended) a window
 * @param windowsEnded         windows that ended (duration, {@code endWarmup()}, miss streak)
 * @param warmReads            keys looked up on old servers after missing on their new server
 * @param warmHits             of those, keys an old server had
 * @param warmMisses           of those, keys no old server had (or whose read failed)
 * @param warmErrors           old-server reads that failed (counted as misses too)
 * @param skipped              old servers not asked because they were down, ejected or untrusted,
 *                             or keys not looked up because a delete of them was in flight
 * @param copies               warm hits copied to their new server ({@code add} stored)
 * @param copyConflicts        copies not stored: the new server already had a value (a write came first), or the add failed
 * @param invalidations        deletes sent to old servers because of a write
 * @param invalidationFailures of those, deletes that failed (the server is then no longer read)
 * @param lastEndReason        why the last window ended, or {@code ""}
 */
public record WarmStats(boolean open, int warmingSnapshots, long windowsOpened, long windowsEnded, long warmReads,
                        long warmHits, long warmMisses, long warmErrors, long skipped, long copies, long copyConflicts,
                        long invalidations, long invalidationFailures, String lastEndReason) {
}
