package io.hashring.client;

/**
 * The failure signals both adapters feed into a server's {@link EjectionState}, so "failure" means
 * the same in either client.
 */
public enum FailureKind {
    /** A connection attempt to the server failed (refused, unreachable, timed out connecting). */
    CONNECT_FAILED,
    /** An established connection to the server was lost. */
    CONNECTION_LOST,
    /**
     * An operation sent to the server got no answer within the operation timeout. K timeouts within
     * {@link EjectionPolicy#timeoutWindow()} eject the server like K failures (a hung server keeps
     * its connections open, so only timeouts reveal it).
     */
    TIMEOUT,
    /** A background probe of an ejected server got no valid answer; it stays ejected. */
    PROBE_FAILED
}
