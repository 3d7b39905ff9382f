/**
 * hashring's client layer: what the spymemcached and xmemcached adapters share. Depends on
 * {@code io.hashring.hash} (and through it {@code io.hashring.core}), and on jackson-core's
 * streaming parser for topology files.
 */
module io.hashring.client {
    requires transitive io.hashring.hash;
    requires com.fasterxml.jackson.core;

    exports io.hashring.client;
    exports io.hashring.client.topology;
    exports io.hashring.client.membership;
}
