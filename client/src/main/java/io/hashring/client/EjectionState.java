package io.hashring.client;

import java.time.Duration;
import java.util.List;

/**
 * One node's health under an {@link EjectionPolicy} (the policy's javadoc states the rules).
 *
 * <p>Thread-safe. {@link #isEjected()} is the routing hot path: one volatile read while the node
 * is not ejected (no clock read, no lock, no allocation). Recording failures and successes takes
 * this object's lock briefly; {@link HealthListener}s are called after the lock is released.
 */
public final class EjectionState {

    /** Where a node stands. */
    public enum Status {
        /** Routed to; failures are being counted. */
        HEALTHY,
        /** Not routed to until the ejection ends (by time, or by a successful probe). */
        EJECTED,
        /** Routed to again after an ejection; one failure ejects it for longer. */
        PROBATION
    }

    private static final FailureKind[] KINDS = FailureKind.values();

    private final EjectionPolicy policy;
    /** Nanos when the current ejection ends; 0 when not ejected (a real deadline of 0 is stored as 1). */
    private volatile long ejectedUntil;
    /** The server id events are reported with, and who hears them; null for a standalone state. */
    private volatile String id;
    private volatile List<HealthListener> listeners = List.of();
    private volatile boolean connectedOnce;
    // guarded by this
    private long ejectedAt;
    private long nextProbeAt;
    private long probationUntil;
    private boolean inStreak;
    private int streak;
    private int consecutiveFailures;
    private final long[] recentFailures;
    private int recentCount;
    private int recentNext;
    private final long[] recentTimeouts;
    private int timeoutCount;
    private int timeoutNext;
    private long ejections;
    private long readmissions;
    private final long[] failureCounts = new long[KINDS.length];

    EjectionState(EjectionPolicy policy) {
        this.policy = policy;
        int k = policy.isEnabled() ? policy.failureThreshold() : 1;
        this.recentFailures = new long[k];
        this.recentTimeouts = new long[k];
    }

    /** Names this state's server for its events and attaches the listeners (by {@link ServerHealth}). */
    void bind(String serverId, List<HealthListener> to) {
        this.id = serverId;
        this.listeners = to;
    }

    /**
     * Whether routing should skip this node now. Under {@link EjectionPolicy#readmitByProbe()} an
     * ejected node stays ejected until {@link #readmit()} (a successful probe); otherwise it is
     * readmitted when its ejection length has passed.
     */
    public boolean isEjected() {
        long until = ejectedUntil;
        if (until == 0) {
            return false;
        }
        if (policy.now() - until < 0 || policy.readmitByProbe()) {
            return true;
        }
        long length;
        synchronized (this) {
            if (ejectedUntil != until) {
                return ejectedUntil != 0;
            }
            ejectedUntil = 0; // lazily readmit: later checks skip the clock
            readmissions++;
            length = policy.now() - ejectedAt;
        }
        notifyReadmitted(length);
        return false;
    }

    /** Reports a failure of an unspecified kind (counted as {@link FailureKind#CONNECTION_LOST}). */
    public void recordFailure() {
        recordFailure(FailureKind.CONNECTION_LOST);
    }

    /**
     * Reports a failure; may eject the node. {@link FailureKind#TIMEOUT}s eject once K of them
     * fall within {@link EjectionPolicy#timeoutWindow()} (or one during probation); other kinds
     * follow the consecutive-failure and flap rules. Failures while ejected are counted but do
     * not extend the ejection.
     */
    public void recordFailure(FailureKind kind) {
        if (!policy.isEnabled()) {
            return;
        }
        long now = policy.now();
        boolean ejectedNow = false;
        synchronized (this) {
            failureCounts[kind.ordinal()]++;
            long until = ejectedUntil;
            if (until != 0 && (now - until < 0 || policy.readmitByProbe())) {
                // already ejected: failures while ejected do not count
            } else if (inStreak && now - probationUntil < 0) {
                eject(now);
                ejectedNow = true;
            } else {
                if (inStreak) {
                    inStreak = false; // probation passed without a failure: forgiven
                    streak = 0;
                }
                if (kind == FailureKind.TIMEOUT) {
                    ejectedNow = countTimeout(now);
                } else {
                    ejectedNow = countFailure(now);
                }
                if (ejectedNow) {
                    eject(now);
                }
            }
        }
        notifyFailure(kind, ejectedNow);
    }

    private boolean countFailure(long now) {
        consecutiveFailures++;
        int k = recentFailures.length;
        recentFailures[recentNext] = now;
        recentNext = (recentNext + 1) % k;
        if (recentCount < k) {
            recentCount++;
        }
        return consecutiveFailures >= policy.failureThreshold() || flapped(now);
    }

    private boolean countTimeout(long now) {
        int k = recentTimeouts.length;
        recentTimeouts[timeoutNext] = now;
        timeoutNext = (timeoutNext + 1) % k;
        if (timeoutCount < k) {
            timeoutCount++;
        }
        // the buffer holds the last K timeouts; the next slot is the oldest
        return timeoutCount == k && now - recentTimeouts[timeoutNext] <= policy.timeoutWindowNanos();
    }

    /**
     * Ejects the node now for {@link EjectionPolicy#ejectFor()} (its first probe comes then),
     * whatever its failure counts and without lengthening later ejections, unless it is already
     * ejected (the adapters do this when a write for one of its keys failed over: it holds older
     * values until cleaned up, {@link FailoverPolicy}). Only under
     * {@link EjectionPolicy#readmitByProbe()}, where the probe performs that cleanup before
     * readmitting it.
     */
    public void ejectNow(FailureKind cause) {
        if (!policy.readmitByProbe()) {
            return;
        }
        boolean ejectedNow = false;
        synchronized (this) {
            if (ejectedUntil == 0) {
                // for T, outside the damping: the server did not fail, it only holds older values
                long now = policy.now();
                long until = now + policy.ejectForNanos();
                ejectedUntil = until == 0 ? 1 : until;
                ejectedAt = now;
                nextProbeAt = until;
                ejections++;
                ejectedNow = true;
            }
        }
        if (ejectedNow) {
            String who = id;
            if (who != null) {
                for (HealthListener l : listeners) {
                    try {
                        l.ejected(who, cause, currentEjectionLength());
                    } catch (RuntimeException ignored) {
                        // a listener never fails health bookkeeping
                    }
                }
            }
        }
    }

    /** Reports a success (a connection established). Resets the consecutive-failure count. */
    public void recordSuccess() {
        connectedOnce = true;
        if (!policy.isEnabled()) {
            return;
        }
        synchronized (this) {
            consecutiveFailures = 0;
        }
    }

    /**
     * Whether a background probe of this node is due now: it is ejected, readmission is by probe,
     * and its ejection length (then {@link EjectionPolicy#ejectFor()} after each failed probe) has
     * passed.
     */
    public synchronized boolean probeDue() {
        return ejectedUntil != 0 && policy.readmitByProbe() && policy.now() - nextProbeAt >= 0;
    }

    /** Reports a failed probe: the node stays ejected and is probed again after {@link EjectionPolicy#ejectFor()}. */
    public void probeFailed() {
        synchronized (this) {
            nextProbeAt = policy.now() + policy.ejectForNanos();
        }
        recordFailure(FailureKind.PROBE_FAILED);
    }

    /**
     * Readmits an ejected node (after a successful probe): it is routed to again, on probation for
     * as long as its ejection lasted. Does nothing if it is not ejected.
     */
    public void readmit() {
        long length;
        synchronized (this) {
            if (ejectedUntil == 0) {
                return;
            }
            long now = policy.now();
            length = now - ejectedAt;
            ejectedUntil = 0;
            probationUntil = now + policy.ejectionNanos(Math.max(0, streak - 1));
            readmissions++;
        }
        notifyReadmitted(length);
    }

    private boolean flapped(long now) {
        long window = policy.flapWindowNanos();
        if (window == 0 || recentCount < recentFailures.length) {
            return false;
        }
        long oldest = recentFailures[recentNext]; // the ring buffer is full: next slot holds the oldest
        return now - oldest <= window;
    }

    private void eject(long now) {
        long length = policy.ejectionNanos(streak);
        long until = now + length;
        ejectedUntil = until == 0 ? 1 : until;
        ejectedAt = now;
        nextProbeAt = until;
        probationUntil = until + length;
        inStreak = true;
        streak = Math.min(streak + 1, 62);
        consecutiveFailures = 0;
        recentCount = 0;
        recentNext = 0;
        timeoutCount = 0;
        timeoutNext = 0;
        ejections++;
    }

    private void notifyFailure(FailureKind kind, boolean ejectedNow) {
        String who = id;
        if (who == null) {
            return;
        }
        for (HealthListener l : listeners) {
            try {
                l.failure(who, kind, this);
                if (ejectedNow) {
                    l.ejected(who, kind, currentEjectionLength());
                }
            } catch (RuntimeException ignored) {
                // a listener never fails health bookkeeping
            }
        }
    }

    private void notifyReadmitted(long lengthNanos) {
        String who = id;
        if (who == null) {
            return;
        }
        for (HealthListener l : listeners) {
            try {
                l.readmitted(who, Duration.ofNanos(Math.max(0, lengthNanos)));
            } catch (RuntimeException ignored) {
                // a listener never fails health bookkeeping
            }
        }
    }

    private synchronized Duration currentEjectionLength() {
        return Duration.ofNanos(Math.max(0, nextProbeAt - ejectedAt));
    }

    /** Where the node stands now. */
    public synchronized Status status() {
        if (isEjected()) {
            return Status.EJECTED;
        }
        return inStreak && policy.now() - probationUntil < 0 ? Status.PROBATION : Status.HEALTHY;
    }

    /** Failures since the last success or ejection. */
    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** How many failures of this kind were reported in total (also while ejected). */
    public synchronized long failures(FailureKind kind) {
        return failureCounts[kind.ordinal()];
    }

    /** How many times this node has been ejected in total. */
    public synchronized long ejections() {
        return ejections;
    }

    /** How many times this node has been readmitted after an ejection. */
    public synchronized long readmissions() {
        return readmissions;
    }

    /**
     * Whether the client ever had a connection to this node ({@link #recordSuccess()}). Until then
     * it holds nothing this client wrote, so writes that fail over from it are not remembered (a
     * server just added, still connecting: warm migration copies what it needs).
     */
    public boolean hasConnected() {
        return connectedOnce;
    }

    /** The server id this state reports events for, or null for a standalone state. */
    public String serverId() {
        return id;
    }

    /** The policy this state follows. */
    public EjectionPolicy policy() {
        return policy;
    }

    @Override
    public String toString() {
        return "EjectionState{" + status() + ", failures=" + consecutiveFailures() + ", ejections=" + ejections()
                + ", readmissions=" + readmissions() + ", timeouts=" + failures(FailureKind.TIMEOUT) + "}";
    }
}
