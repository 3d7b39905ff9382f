/**
 * hashring core: the consistent-hash ring. No dependencies beyond {@code java.base}.
 *
 * <p>{@code io.hashring.core} is the API. {@code io.hashring.core.internal} (MD5, the UTF-8 key
 * encoder) is shared with hashring's hash-functions module only and is not API. That module is
 * built after this one, hence the suppressed "module not found" warning.
 */
@SuppressWarnings("module")
module io.hashring.core {
    exports io.hashring.core;
    exports io.hashring.core.internal to io.hashring.hash;
}
