/**
 * hashring's client layer: what the spymemcached and xmemcached adapters share. Depends on
 * {@code io.hashring.hash} (and through it {@code io.hashring.core}) only.
 */
module io.hashring.client {
    requires transitive io.hashring.hash;

    exports io.hashring.client;
}
