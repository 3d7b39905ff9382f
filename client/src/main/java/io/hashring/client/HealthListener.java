package io.hashring.client;

import java.time.Duration;

/**
 * Receives a client's health events: failures as they are reported, ejections, readmissions.
 * Register one with {@link HashringClientBuilder#healthListener}; both adapters send the same
 * events for the same faults. Counters are on {@link EjectionState} ({@link EjectionState#failures},
 * {@link EjectionState#ejections()}, {@link EjectionState#readmissions()}).
 *
 * <p>Called on the thread that observed the event (a client I/O thread, a caller's thread after
 * a timeout, or the client's health thread), outside any hashring lock: implementations must be
 * fast, thread-safe and must not block. An exception thrown by a listener is swallowed (health
 * bookkeeping never fails an operation). Every method does nothing by default.
 */
public interface HealthListener {

    /** Server {@code serverId} reported a failure of this kind; {@code state} is after it was counted. */
    default void failure(String serverId, FailureKind kind, EjectionState state) {
    }

    /** Server {@code serverId} was ejected because of a failure of kind {@code cause}; the first probe comes after {@code length}. */
    default void ejected(String serverId, FailureKind cause, Duration length) {
    }

    /** Server {@code serverId} is routed to again after {@code ejectedFor} out of the ring. */
    default void readmitted(String serverId, Duration ejectedFor) {
    }
}
