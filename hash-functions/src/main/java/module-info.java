/**
 * hashring hash functions and interop modes. Depends on {@code io.hashring.core} only.
 */
module io.hashring.hash {
    requires transitive io.hashring.core;

    exports io.hashring.hash;
    exports io.hashring.hash.interop;
}
