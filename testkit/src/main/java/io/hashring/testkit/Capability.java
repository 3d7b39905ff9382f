package io.hashring.testkit;

/**
 * Optional things a client under test can do. A rule that needs a capability the factory does not
 * declare is skipped with the reason (a JUnit assumption), never passed silently.
 */
public enum Capability {
    /** {@link ClientUnderTest#addServer} works on a live client. */
    RUNTIME_ADD_SERVER,
    /** {@link ClientUnderTest#removeServer} works on a live client. */
    RUNTIME_REMOVE_SERVER,
    /** Server weights in {@link ClientConfig#servers()} change how many keys a server gets. */
    WEIGHTS
}
