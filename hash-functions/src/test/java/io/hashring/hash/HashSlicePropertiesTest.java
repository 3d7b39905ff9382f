package io.hashring.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.core.HashFunction;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Every hash {@link Hashes} exposes hashes a slice like a copy and a text key like its UTF-8
 * bytes. "Every" is found by reflection, not listed by hand: each public static factory of
 * {@code Hashes} returning a {@link HashFunction} (its {@code Hash64}s included), called with fixed
 * arguments; a factory whose parameter types this test has no argument for fails it.
 */
class HashSlicePropertiesTest {

    static final List<HashFunction> ALL = all();

    /** Each public static factory of {@link Hashes}, in a stable order, invoked with fixed arguments. */
    static List<HashFunction> all() {
        List<HashFunction> out = new ArrayList<>();
        Method[] methods = Hashes.class.getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::toString));
        for (Method m : methods) {
            if (!Modifier.isStatic(m.getModifiers()) || !HashFunction.class.isAssignableFrom(m.getReturnType())) {
                continue;
            }
            Class<?>[] types = m.getParameterTypes();
            Object[] args = new Object[types.length];
            for (int i = 0; i < types.length; i++) {
                if (types[i] == long.class) {
                    args[i] = 0x0123_4567_89ab_cdefL * (i + 1);
                } else if (types[i] == int.class) {
                    args[i] = 0x9747_b28c + i;
                } else {
                    throw new IllegalStateException("Hashes." + m.getName() + " takes a " + types[i].getName()
                            + ": give HashSlicePropertiesTest.all() an argument for it");
                }
            }
            try {
                out.add((HashFunction) m.invoke(null, args));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Hashes." + m.getName() + " failed", e);
            }
        }
        return List.copyOf(out);
    }

    @Test
    void reflectionFindsTheFactories() {
        assertThat(ALL).as("one hash per public factory of Hashes").doesNotContainNull().contains(Hashes.md5());
        assertThat(ALL.stream().map(HashFunction::name)).as("names").contains("crc32", "xxh64", "siphash24");
        assertThat(Hashes.md5()).as("one MD5 entry point: Hashes.md5() is HashFunction.md5()").isSameAs(HashFunction.md5());
    }

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
