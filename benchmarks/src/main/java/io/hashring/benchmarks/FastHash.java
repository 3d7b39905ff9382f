package io.hashring.benchmarks;

import io.hashring.core.HashFunction;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A fast 64-bit hash folded to 32 bits, for the fast-hash ring and the jump-hash references.
 *
 * <p>Note: hashring-hash ships no fast 64-bit hash yet (XXH3 or murmur3), so this is a stand-in
 * written for the benchmark: two independent 64-bit lanes over 16-byte blocks (multiply by odd
 * constants, rotate), combined and finished with murmur3's {@code fmix64}; the 64-bit result is
 * folded to 32 bits as {@code hi ^ lo}. Its speed is what matters here (a 32-byte key is two
 * lane steps and one finaliser, about the cost of XXH3 on 32 bytes); it is not a placement
 * contract and not a replacement for a published, vetted hash. Thread-safe, allocation-free.
 */
final class FastHash implements HashFunction {

    static final FastHash INSTANCE = new FastHash();

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    // Odd 64-bit constants: the golden ratio and murmur3's fmix64 multipliers.
    private static final long K0 = 0x9e3779b97f4a7c15L;
    private static final long K1 = 0xff51afd7ed558ccdL;
    private static final long K2 = 0xc4ceb9fe1a85ec53L;

    private FastHash() {
    }

    @Override
    public String name() {
        return "bench-mix64";
    }

    @Override
    public int hash(byte[] key, int offset, int length) {
        long h = hash64(key, offset, length);
        return (int) (h ^ (h >>> 32));
    }

    /** The 64-bit value (what Guava's and hash4j's jump hashes take). */
    static long hash64(byte[] b, int off, int len) {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        long a = K0;
        long c = K1 ^ len;
        int i = off;
        int end = off + len;
        for (; i + 16 <= end; i += 16) {
            a = Long.rotateLeft((a ^ (long) LONG_LE.get(b, i)) * K1, 29);
            c = Long.rotateLeft((c ^ (long) LONG_LE.get(b, i + 8)) * K2, 31);
        }
        if (i + 8 <= end) {
            a = Long.rotateLeft((a ^ (long) LONG_LE.get(b, i)) * K1, 29);
            i += 8;
        }
        long tail = 0;
        for (int s = 0; i < end; i++, s += 8) {
            tail |= (b[i] & 0xffL) << s;
        }
        c = Long.rotateLeft((c ^ tail) * K2, 31);
        return fmix64(a ^ Long.rotateLeft(c, 17));
    }

    /** murmur3's 64-bit finaliser (Austin Appleby, MurmurHash3.cpp). */
    static long fmix64(long k) {
        k ^= k >>> 33;
        k *= K1;
        k ^= k >>> 33;
        k *= K2;
        k ^= k >>> 33;
        return k;
    }

    @Override
    public String toString() {
        return name();
    }
}
