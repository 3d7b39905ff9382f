package io.hashring.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The keys whose writes failed over, per owning server id, and where each one landed: what the
 * health thread invalidates before the owner is readmitted ({@link FailoverPolicy}). Bounded: at
 * most {@link FailoverPolicy#maxTrackedKeys()} keys per owner; beyond that the owner is marked for
 * a flush. Thread-safe (one lock; only writes that fail over take it).
 */
public final class FailoverLedger {

    private final FailoverPolicy policy;
    // guarded by this
    private final Map<String, Map<String, String>> byOwner = new HashMap<>();
    private final Map<String, Boolean> overflowed = new HashMap<>();

    /** A ledger under {@code policy}. */
    public FailoverLedger(FailoverPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The policy. */
    public FailoverPolicy policy() {
        return policy;
    }

    /** Remembers that a write of {@code key}, owned by server {@code ownerId}, landed on {@code landedId}. */
    public synchronized void record(String ownerId, String key, String landedId) {
        if (policy.onReturn() == FailoverPolicy.OnReturn.FLUSH) {
            overflowed.put(ownerId, Boolean.TRUE);
            return;
        }
        Map<String, String> keys = byOwner.computeIfAbsent(ownerId, k -> new LinkedHashMap<>());
        if (keys.size() >= policy.maxTrackedKeys() && !keys.containsKey(key)) {
            overflowed.put(ownerId, Boolean.TRUE);
            return;
        }
        keys.put(key, landedId);
    }

    /**
     * Remembers that a write of {@code key}, owned by server {@code ownerId}, was dropped while the
     * owner was ejected ({@link FailoverPolicy.Mode#MISS}): the key is deleted on the owner before
     * it is readmitted (nothing to clean elsewhere). Nothing is remembered under
     * {@link FailoverPolicy.OnReturn#KEEP}.
     */
    public synchronized void recordDropped(String ownerId, String key) {
        if (policy.onReturn() == FailoverPolicy.OnReturn.KEEP) {
            return;
        }
        record(ownerId, key, null);
    }

    /** Whether anything failed over from {@code ownerId} since the last {@link #take}. */
    public synchronized boolean hasEntries(String ownerId) {
        return byOwner.containsKey(ownerId) || overflowed.containsKey(ownerId);
    }

    /** What to clean up for {@code ownerId}, removed from the ledger. */
    public synchronized Cleanup take(String ownerId) {
        Map<String, String> keys = byOwner.remove(ownerId);
        boolean flush = overflowed.remove(ownerId) != null;
        Map<String, List<String>> byLanded = new HashMap<>();
        List<String> all = new ArrayList<>();
        if (keys != null) {
            keys.forEach((k, landed) -> {
                all.add(k);
                if (landed == null) {
                    return; // dropped, or landed on a server no longer known: only the owner is cleaned
                }
                byLanded.computeIfAbsent(landed, x -> new ArrayList<>()).add(k);
            });
        }
        return new Cleanup(flush, all, byLanded);
    }

    /** Puts a {@link #take}n cleanup back (its owner could not be cleaned; it is tried again with the next probe). */
    public synchronized void restore(String ownerId, Cleanup c) {
        if (c.flushOwner()) {
            overflowed.put(ownerId, Boolean.TRUE);
        }
        Map<String, String> landedOf = new HashMap<>();
        c.landedOn().forEach((landed, keys) -> keys.forEach(k -> landedOf.put(k, landed)));
        for (String k : c.keys()) {
            Map<String, String> m = byOwner.computeIfAbsent(ownerId, x -> new LinkedHashMap<>());
            m.putIfAbsent(k, landedOf.get(k));
        }
    }

    /** Forgets a removed server. */
    public synchronized void forget(String ownerId) {
        byOwner.remove(ownerId);
        overflowed.remove(ownerId);
    }

    /**
     * One owner's cleanup.
     *
     * @param flushOwner whether the owner must be flushed (more keys than remembered, or {@link FailoverPolicy.OnReturn#FLUSH})
     * @param keys       the keys to delete on the owner
     * @param landedOn   the keys that landed on another server, by that server's id (dropped writes are only in {@code keys})
     */
    public record Cleanup(boolean flushOwner, List<String> keys, Map<String, List<String>> landedOn) {
    }
}
