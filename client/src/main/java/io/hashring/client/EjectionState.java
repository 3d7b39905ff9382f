package io.hashring.client;

/**
 * One node's health under an {@link EjectionPolicy} (the policy's javadoc states the rules).
 *
 * <p>Thread-safe. {@link #isEjected()} is the routing hot path: one volatile read while the node
 * is not ejected (no clock read, no lock, no allocation). Recording failures and successes takes
 * this object's lock briefly.
 */
public final class EjectionState {

    /** Where a node stands. */
    public enum Status {
        /** Routed to; failures are being counted. */
        HEALTHY,
        /** Not routed to until the ejection ends. */
        EJECTED,
        /** Routed to again after an ejection; one failure ejects it for longer. */
        PROBATION
    }

    private final EjectionPolicy policy;
    /** Nanos when the current ejection ends; 0 when not ejected (a real deadline of 0 is stored as 1). */
    private volatile long ejectedUntil;
    // guarded by this
    private long probationUntil;
    private boolean inStreak;
    private int streak;
    private int consecutiveFailures;
    private final long[] recentFailures;
    private int recentCount;
    private int recentNext;
    private long ejections;

    EjectionState(EjectionPolicy policy) {
        this.policy = policy;
        this.recentFailures = new long[policy.isEnabled() ? policy.failureThreshold() : 1];
    }

    /** Whether routing should skip this node now. */
    public boolean isEjected() {
        long until = ejectedUntil;
        if (until == 0) {
            return false;
        }
        if (policy.now() - until < 0) {
            return true;
        }
        synchronized (this) {
            if (ejectedUntil == until) {
                ejectedUntil = 0; // lazily readmit: later checks skip the clock
            }
        }
        return false;
    }

    /** Reports a failure (a lost connection, a failed connection attempt); may eject the node. */
    public void recordFailure() {
        if (!policy.isEnabled()) {
            return;
        }
        long now = policy.now();
        synchronized (this) {
            long until = ejectedUntil;
            if (until != 0 && now - until < 0) {
                return; // already ejected: failures while ejected do not count
            }
            if (inStreak) {
                if (now - probationUntil < 0) {
                    eject(now);
                    return;
                }
                inStreak = false; // probation passed without a failure: forgiven
                streak = 0;
            }
            consecutiveFailures++;
            int k = recentFailures.length;
            recentFailures[recentNext] = now;
            recentNext = (recentNext + 1) % k;
            if (recentCount < k) {
                recentCount++;
            }
            if (consecutiveFailures >= policy.failureThreshold() || flapped(now)) {
                eject(now);
            }
        }
    }

    /** Reports a success (a connection established). Resets the consecutive-failure count. */
    public void recordSuccess() {
        if (!policy.isEnabled()) {
            return;
        }
        synchronized (this) {
            consecutiveFailures = 0;
        }
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
        probationUntil = until + length;
        inStreak = true;
        streak = Math.min(streak + 1, 62);
        consecutiveFailures = 0;
        recentCount = 0;
        recentNext = 0;
        ejections++;
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

    /** How many times this node has been ejected in total. */
    public synchronized long ejections() {
        return ejections;
    }

    /** The policy this state follows. */
    public EjectionPolicy policy() {
        return policy;
    }

    @Override
    public String toString() {
        return "EjectionState{" + status() + ", failures=" + consecutiveFailures() + ", ejections=" + ejections() + "}";
    }
}
