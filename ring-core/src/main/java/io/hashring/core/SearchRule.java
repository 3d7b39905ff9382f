package io.hashring.core;

/** Which ring point owns a key hash {@code h} ({@code docs/interop.md#search-rules}). All wrap around the ring. */
public enum SearchRule {
    /** The smallest point {@code >= h}; past the last point, the first (libketama, libmemcached, twemproxy, spymemcached, xmemcached). */
    CEIL,
    /** The smallest point {@code > h}; past the last point, the first (Python hash_ring, uhashring: {@code bisect_right}). */
    STRICT,
    /** The largest point {@code <= h}; below the first point, the last (Ruby dalli). */
    FLOOR
}
