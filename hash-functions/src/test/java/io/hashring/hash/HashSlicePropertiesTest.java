package io.hashring.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.core.HashFunction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class HashSlicePropertiesTest {

    static final List<HashFunction> ALL = List.of(Hashes.oneAtATime(), Hashes.md5(), Hashes.crc(), Hashes.fnv1_64(),
            Hashes.fnv1a_64(), Hashes.fnv1_32(), Hashes.fnv1a_32(), Hashes.hsieh(), Hashes.murmur(), Hashes.jenkins(),
            Hashes.murmur3(), Hashes.crc32(), Hashes.crc16(), Hashes.javaNative(), Hashes.javaCrc(), Hashes.javaFnv1_64(),
            Hashes.javaFnv1a_64(), Hashes.javaFnv1_32(), Hashes.javaFnv1a_32(), Hashes.xmemcachedOneAtATime(),
            Hashes.mysql(), Hashes.elf(), Hashes.rs(), Hashes.lua(), Hashes.sha1Top(), Hashes.pymemcacheMurmur3(),
            Hashes.murmur3_32(), Hashes.xxh64(), Hashes.murmur3_128(), Hashes.sipHash24(1, 2));

    @Provide
    Arbitrary<HashFunction> functions() {
        return Arbitraries.of(ALL);
    }

    @Property(tries = 3000)
    void hashingASliceEqualsHashingACopy(@ForAll("functions") HashFunction f, @ForAll byte[] data,
                                         @ForAll("small") int from, @ForAll("small") int cut) {
        int off = Math.min(from, data.length);
        int len = Math.max(0, data.length - off - cut);
        byte[] copy = Arrays.copyOfRange(data, off, off + len);
        assertThat(f.hash(data, off, len)).as(f.name()).isEqualTo(f.hash(copy));
    }

    @Property(tries = 3000)
    void textKeysHashAsTheirUtf8Bytes(@ForAll("functions") HashFunction f, @ForAll String key) {
        // Unpaired surrogates have no UTF-8 form: String.getBytes writes '?', UTF-16 hashes see the unit.
        Assume.that(new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(key));
        assertThat(f.hash(key)).as(f.name()).isEqualTo(f.hash(key.getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<Integer> small() {
        return Arbitraries.integers().between(0, 8);
    }
}
