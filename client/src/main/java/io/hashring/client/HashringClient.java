package io.hashring.client;

/**
 * A memcached client routed by hashring: implemented by both adapters' clients (which are also
 * their library's own client classes).
 */
public interface HashringClient {

    /** The client's servers and runtime changes. */
    ClientTopology topology();
}
