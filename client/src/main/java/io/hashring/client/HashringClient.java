package io.hashring.client;

/**
 * A memcached client routed by hashring: implemented by both adapters' clients (which are also
 * their library's own client classes).
 */
public interface HashringClient {

    /** The client's servers and runtime changes. */
    ClientTopology topology();

    /** What warm migration has done so far (all zero and closed when it is off). Cheap; thread-safe. */
    WarmStats warmStats();

    /**
     * Ends the warm-up window now (the new servers are warm enough): old servers are no longer
     * read or invalidated and removed servers are disconnected. Does nothing when no window is open.
     */
    void endWarmup();
}
