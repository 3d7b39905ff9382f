package io.hashring.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.hashring.core.HashFunction;
import io.hashring.hash.Hashes;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

/**
 * {@link AllHashesBenchmark}'s hand-written list must cover every hash {@link Hashes} exposes: a
 * new public factory that is not benchmarked would leave its allocation unproven.
 */
class AllHashesBenchmarkTest {

    /** Public static methods of {@link Hashes} returning a {@link HashFunction} (or {@code Hash64}), by name. */
    private static Map<String, List<Method>> factories() {
        Map<String, List<Method>> byName = new TreeMap<>();
        for (Method m : Hashes.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && HashFunction.class.isAssignableFrom(m.getReturnType())) {
                byName.computeIfAbsent(m.getName(), k -> new ArrayList<>()).add(m);
            }
        }
        return byName;
    }

    private static List<String> params() throws NoSuchFieldException {
        Param param = AllHashesBenchmark.class.getField("hash").getAnnotation(Param.class);
        assertThat(param).as("@Param on AllHashesBenchmark.hash").isNotNull();
        return Arrays.asList(param.value());
    }

    @Test
    void paramListNamesEveryPublicHashFactoryOfHashesExactlyOnce() throws Exception {
        List<String> params = params();
        Set<String> factories = factories().keySet();

        Set<String> duplicates = params.stream().filter(p -> params.indexOf(p) != params.lastIndexOf(p))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(duplicates).as("names listed twice in AllHashesBenchmark's @Param").isEmpty();

        Set<String> missing = new TreeSet<>(factories);
        missing.removeAll(params);
        assertThat(missing).as("public factories of Hashes that AllHashesBenchmark's @Param lacks (add them to the list and to byFactory)")
                .isEmpty();

        Set<String> unknown = new TreeSet<>(params);
        unknown.removeAll(factories);
        assertThat(unknown).as("names in AllHashesBenchmark's @Param that are not public factories of Hashes").isEmpty();
    }

    @Test
    void everyParamBenchmarksTheFunctionItsFactoryReturns() throws Exception {
        for (Map.Entry<String, List<Method>> e : factories().entrySet()) {
            String name = e.getKey();
            HashFunction benchmarked = AllHashesBenchmark.byFactory(name);
            Method noArgs = e.getValue().stream().filter(m -> m.getParameterCount() == 0).findFirst().orElse(null);
            if (noArgs != null) {
                assertThat(benchmarked).as("byFactory(\"%s\") must be what Hashes.%s() returns", name, name)
                        .isSameAs(noArgs.invoke(null));
            } else if (name.equals("sipHash24")) {
                HashFunction expected = Hashes.sipHash24(AllHashesBenchmark.SIP_K0, AllHashesBenchmark.SIP_K1);
                assertThat(benchmarked.name()).isEqualTo(expected.name());
                for (byte[] key : Fixtures.bytes(Arrays.copyOf(Fixtures.keys(11), 16))) {
                    assertThat(benchmarked.hash(key)).as("sipHash24 with the benchmark's key").isEqualTo(expected.hash(key));
                }
            } else {
                fail("Hashes." + name + " has no no-argument overload: choose its arguments in AllHashesBenchmark.byFactory"
                        + " and check them here");
            }
        }
    }

    @Test
    void byFactoryRejectsAnUnknownNameByName() {
        assertThatThrownBy(() -> AllHashesBenchmark.byFactory("nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'nope'");
    }

    /** The benchmark's own setup check passes for every function, and both benchmark methods walk the pool alike. */
    @Test
    void setupAcceptsEveryFunctionAndBothBenchmarksHashTheSameKeys() throws Exception {
        for (String name : params()) {
            // One instance per method: each call advances the instance's position in the pool.
            AllHashesBenchmark bytes = new AllHashesBenchmark();
            AllHashesBenchmark strings = new AllHashesBenchmark();
            bytes.hash = name;
            strings.hash = name;
            bytes.setUp();
            strings.setUp();
            for (int i = 0; i < 2 * AllHashesBenchmark.POOL; i++) {
                assertThat(strings.hashString()).as("%s, call %d: hashString vs hashBytes", name, i).isEqualTo(bytes.hashBytes());
            }
        }
    }
}
