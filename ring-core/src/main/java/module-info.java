/**
 * hashring core: the consistent-hash ring. No dependencies beyond {@code java.base}.
 */
module io.hashring.core {
    exports io.hashring.core;
}
