package io.hashring.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.client.Placement;
import io.hashring.core.Router;
import io.hashring.hash.interop.InteropModes;
import io.hashring.hash.interop.Server;
import io.hashring.testkit.MemcachedCluster;
import io.hashring.testkit.MemcachedNodes;
import io.hashring.testkit.MemcachedServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Runs every example's {@code main} and checks what it prints; the ones that talk to memcached run
 * against real nodes the testkit starts. {@link #everyExampleIsRunByATest()} fails when an example
 * has no test here (or a test names a missing example), so none can rot unnoticed. The timeout
 * only bounds a hang; it is not a performance threshold.
 */
@Isolated // swaps System.out
@Timeout(120)
@MemcachedNodes(count = 4)
class ExamplesSmokeTest {

    /** The example a test runs. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface Runs {
        Class<?> value();
    }

    interface Main {
        void run() throws Exception;
    }

    /** Filled by {@link MemcachedNodes}: four real memcached processes, flushed before each test. */
    MemcachedCluster cluster;

    private static String output(Main main) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }

    private String servers(int n) {
        return String.join(",", cluster.addresses().subList(0, n));
    }

    @Test
    @DisplayName("every program in src/main is run by a test here")
    void everyExampleIsRunByATest() throws IOException {
        Path dir = Path.of("src/main/java/io/hashring/examples");
        Set<String> examples = new TreeSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> {
                        try {
                            return Files.readString(f).contains("public static void main(String[] args)");
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .forEach(f -> examples.add(f.getFileName().toString().replace(".java", "")));
        }
        Set<String> tested = new TreeSet<>();
        for (Method m : ExamplesSmokeTest.class.getDeclaredMethods()) {
            Runs runs = m.getAnnotation(Runs.class);
            if (runs != null && m.isAnnotationPresent(Test.class)) {
                tested.add(runs.value().getSimpleName());
            }
        }
        assertThat(examples).as("examples in %s", dir.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(8);
        assertThat(tested).as("examples run by a @Runs test").isEqualTo(examples);
    }

    private static final Pattern KEPT = Pattern.compile("(\\d+) of (\\d+) keys keep their server \\([\\d.]+%\\); exact expectation ([\\d.]+)%");

    @Test
    @Runs(SeedExperiment.class)
    void seedExperimentKeepsMostKeysOnTheRingAndFewWithModulo() throws Exception {
        String out = output(() -> SeedExperiment.main(new String[0]));
        assertThat(out).startsWith("8 servers, 500 random keys (seed 42), then 5 servers added:");
        Matcher m = KEPT.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        int ring = Integer.parseInt(m.group(1));
        double ringExpected = Double.parseDouble(m.group(3)) / 100;
        assertThat(m.find()).as(out).isTrue();
        int modulo = Integer.parseInt(m.group(1));
        // h mod 8 == h mod 13 for 8 of every 104 hashes: 2^32 = 104 * 41297762 + 48 gives 330382104 hashes = 7.69%.
        assertThat(m.group(3)).isEqualTo("7.69");
        // 500 keys are a binomial sample of the exact share: within 4 sigma (fixed seed, so deterministic).
        double sigma = Math.sqrt(500 * ringExpected * (1 - ringExpected));
        assertThat(Math.abs(ring - 500 * ringExpected)).isLessThanOrEqualTo(4 * sigma);
        assertThat(Math.abs(modulo - 500 * 0.0769)).isLessThanOrEqualTo(4 * Math.sqrt(500 * 0.0769 * 0.9231));
        assertThat(ring).isGreaterThan(4 * modulo);
    }

    @Test
    @Runs(QuickStart.class)
    void quickStartRoutesFailsOverAndDiffs() throws Exception {
        String out = output(() -> QuickStart.main(new String[0]));
        assertThat(out).containsPattern("route\\(user:42:profile\\)\\s+= 10\\.0\\.0\\.[123]:11211")
                .containsPattern("candidates\\(user:42:profile\\) = \\[10\\.0\\.0\\.\\d:11211, 10\\.0\\.0\\.\\d:11211, 10\\.0\\.0\\.\\d:11211\\]")
                .containsPattern("moved: \\d+\\.\\d\\d% of the keys");
        // Adding a server moves keys only to it.
        assertThat(out.lines().filter(l -> l.contains(" -> "))).isNotEmpty().allMatch(l -> l.contains("-> 10.0.0.4:11211"));
    }

    @Test
    @Runs(InteropWithPhp.class)
    void interopWithPhpRoutesEveryKeyLikeTheMode() throws Exception {
        String out = output(() -> InteropWithPhp.main(new String[0]));
        assertThat(out).startsWith(InteropWithPhp.MODE + ": ");
        Router<Server> php = InteropModes.byName(InteropWithPhp.MODE).router(List.of(Server.parse("10.0.0.1:11211:1"),
                Server.parse("10.0.0.2:11211:2"), Server.parse("cache-3.internal:11212:1")), null);
        List<String> lines = out.lines().skip(1).toList();
        assertThat(lines).hasSize(4);
        for (String line : lines) {
            String[] parts = line.trim().split("\\s+->\\s+");
            assertThat(parts[1]).as(line).isEqualTo(php.route(parts[0]).address());
        }
    }

    @Test
    @Runs(LiveTopologyChanges.class)
    void liveTopologyChangesNeverSeesAHalfBuiltRing() throws Exception {
        String out = output(() -> LiveTopologyChanges.main(new String[0]));
        Matcher m = Pattern.compile("reader routed (\\d+) keys over (\\d+) snapshots; inconsistent lookups: (\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Long.parseLong(m.group(1))).isPositive();
        assertThat(Long.parseLong(m.group(2))).isPositive();
        assertThat(m.group(3)).isEqualTo("0");
        // 40 changes toggling 5 servers: each toggled 8 times, so the ring ends where it started.
        assertThat(out).contains("final servers: [10.0.0.1:11211, 10.0.0.2:11211, 10.0.0.3:11211]");
    }

    @Test
    @Runs(TopologyFromFile.class)
    void topologyFromFileLoadsTheExampleTopology() throws Exception {
        String out = output(() -> TopologyFromFile.main(new String[] {"topologies/php-fleet.json"}));
        assertThat(out).startsWith("mode libmemcached-ketama-weighted, 3 servers")
                .contains("10.0.0.2:11211 weight 2", "EjectionPolicy{after 2 failures",
                        "spymemcached adapter servers: [10.0.0.1:11211, 10.0.0.2:11211:2, cache-3.internal:11212]")
                .doesNotContain("rejected");
        Router<Server> php = InteropModes.byName("libmemcached-ketama-weighted").router(List.of(Server.parse("10.0.0.1:11211:1"),
                Server.parse("10.0.0.2:11211:2"), Server.parse("cache-3.internal:11212:1")), null);
        assertThat(out).containsPattern("user:42\\s+-> " + Pattern.quote(php.route("user:42").address()));
        // A malformed file gets the parser's one line.
        Path bad = Files.writeString(Files.createTempFile("bad", ".json"), "{\"servers\": [{\"host\": \"a\", \"port\": 1,}]}");
        assertThat(output(() -> TopologyFromFile.main(new String[] {bad.toString()})))
                .startsWith("rejected: " + bad + ":1:37: servers[0]: trailing comma");
    }

    /** Which server holds each key, probed directly (not through any client). */
    private List<String> holders(List<String> keys) {
        List<String> out = new ArrayList<>();
        cluster.holders(keys).forEach((k, h) -> out.add(h.size() == 1 ? h.get(0).address() : h.toString()));
        return out;
    }

    private void assertPlacedByTheDefaultPlacement(int servers) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add("item:" + i);
        }
        List<Server> list = new ArrayList<>();
        cluster.addresses().subList(0, servers).forEach(a -> list.add(Server.parse(a)));
        Router<Server> model = Placement.defaults().router(list);
        List<String> expected = keys.stream().map(k -> model.route(k).address()).toList();
        assertThat(holders(keys)).as("where the example's 100 keys are stored").isEqualTo(expected);
    }

    @Test
    @Runs(SpymemcachedWithHashring.class)
    void spymemcachedWithHashringStoresOnLiveNodes() throws Exception {
        String out = output(() -> SpymemcachedWithHashring.main(new String[] {servers(3)}));
        MemcachedServer holder = cluster.server(cluster.holders(List.of("user:42")).get("user:42").get(0).address());
        assertThat(out).contains("user:42 = Ada Lovelace (on " + holder.address() + ")", "getBulk: 100 of 100 keys");
        assertPlacedByTheDefaultPlacement(3);
    }

    @Test
    @Runs(XmemcachedWithHashring.class)
    void xmemcachedWithHashringStoresOnLiveNodes() throws Exception {
        String out = output(() -> XmemcachedWithHashring.main(new String[] {servers(3)}));
        MemcachedServer holder = cluster.server(cluster.holders(List.of("user:42")).get("user:42").get(0).address());
        assertThat(out).contains("user:42 = Ada Lovelace (on " + holder.address() + ")", "multi-get: 100 of 100 keys");
        // Same servers, same placement as the spymemcached adapter.
        assertPlacedByTheDefaultPlacement(3);
    }

    @Test
    @Runs(AddRemoveServers.class)
    void addRemoveServersLosesOnlyWhatTheRingSays() throws Exception {
        String out = output(() -> AddRemoveServers.main(new String[] {servers(4)}));
        List<Server> all = new ArrayList<>();
        cluster.addresses().forEach(a -> all.add(Server.parse(a)));
        Router<Server> three = Placement.defaults().router(all.subList(0, 3));
        Router<Server> four = Placement.defaults().router(all);
        Router<Server> last3 = Placement.defaults().router(all.subList(1, 4));
        int kept = 0;
        int keptAfterRemoval = 0;
        for (int i = 0; i < 300; i++) {
            String k = "k" + i;
            String stored = three.route(k).address();
            boolean stillThere = stored.equals(four.route(k).address());
            kept += stillThere ? 1 : 0;
            // After the removal a key is readable if it was never moved and its server was not the removed one.
            keptAfterRemoval += stillThere && stored.equals(last3.route(k).address()) ? 1 : 0;
        }
        assertThat(out).contains("after adding " + all.get(3).address() + ": " + kept + " of 300 keys readable",
                "after removing " + all.get(0).address() + ": " + keptAfterRemoval + " of 300 keys readable");
        assertThat(kept).isBetween(150, 299);
    }
}
