package io.hashring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashring.core.NativeRouting;
import io.hashring.core.Node;
import io.hashring.core.Ring;
import io.hashring.core.Router;
import io.hashring.hash.interop.InteropMode;
import io.hashring.hash.interop.InteropModes;
import io.hashring.hash.interop.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code modes}, {@code route}, {@code inspect} and {@code diff} through every interop mode the
 * registry holds (tests that need a mode skip, saying so, while the registry is empty).
 */
class ModeCommandsTest {

    /** Printable keys, about one in five with bytes >= 0x80. */
    static List<String> keys(int count) {
        RandomKeys random = new RandomKeys(77);
        List<String> keys = new ArrayList<>(count);
        String[] accents = {"\u00e9", "\u00fc", "\u65e5\u672c", "\ud83d\ude00"};
        for (int i = 0; i < count; i++) {
            keys.add(i % 5 == 0 ? random.next() + accents[i % accents.length] : random.next());
        }
        return keys;
    }

    @Test
    void modesListsEveryRegisteredModeWithDescriptionAndHashes() {
        CliRun run = CliRun.run("modes");
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).startsWith(NativeRouting.MODE + " ").contains(ModesCommand.NATIVE_DESCRIPTION,
                ModesCommand.NATIVE_VERIFIED, "XXH64, fixed");
        List<InteropMode> all = InteropModes.all();
        if (all.isEmpty()) {
            assertThat(run.out()).endsWith("no interop modes are registered in this build" + System.lineSeparator());
            return;
        }
        for (InteropMode mode : all) {
            assertThat(run.out()).contains(mode.name(), mode.description());
            for (String hash : mode.hashes()) {
                assertThat(run.out()).as("hashes of %s", mode.name()).contains(hash);
            }
        }
        assertThat(run.out().lines().filter(l -> !l.startsWith(" ")).count()).isEqualTo(all.size() + 1);
    }

    @Test
    void routeWithTheNativeModeIsNativeRoutingOverTheServersAndTakesNoHash() {
        List<String> keys = keys(400);
        List<Node<Server>> nodes = new ArrayList<>();
        CliRun.THREE.forEach(s -> nodes.add(Node.of(s.id(), s.weight(), s)));
        Router<Server> router = NativeRouting.router(nodes);
        CliRun run = CliRun.withStdin(String.join("\n", keys) + "\n", "route", "--mode", NativeRouting.MODE, "--servers",
                CliRun.csv(CliRun.THREE));
        assertThat(run.exitCode()).as("%s", run).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(keys.size());
        Map<String, Integer> perServer = new HashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String address = router.route(keys.get(i)).address();
            assertThat(lines.get(i)).as("line %d", i + 1).isEqualTo(keys.get(i) + "\t" + address);
            perServer.merge(address, 1, Integer::sum);
        }
        assertThat(perServer).as("every server gets keys").hasSize(3);
        CliRun hash = CliRun.withStdin("k\n", "route", "--mode", NativeRouting.MODE, "--hash", "md5", "--servers", CliRun.csv(CliRun.THREE));
        assertThat(hash.exitCode()).as("%s", hash).isEqualTo(HashringCli.EXIT_USAGE);
        assertThat(hash.err()).contains("fixed key hash");
    }

    @Test
    void routeAgreesWithEveryModesOwnRouterForEveryAcceptedHash() {
        List<String> keys = keys(400);
        String input = String.join("\n", keys) + "\n";
        int checked = 0;
        for (InteropMode mode : CliRun.modes()) {
            List<String> hashes = new ArrayList<>();
            hashes.add(null);
            hashes.addAll(mode.hashes());
            for (String hash : hashes) {
                Router<Server> router;
                try {
                    router = mode.router(CliRun.THREE, hash);
                } catch (RuntimeException e) {
                    continue; // the mode cannot express this topology; its error path is covered elsewhere
                }
                List<String> args = new ArrayList<>(List.of("route", "--mode", mode.name(), "--servers", CliRun.csv(CliRun.THREE)));
                if (hash != null) {
                    args.addAll(List.of("--hash", hash));
                }
                CliRun run = CliRun.withStdin(input, args.toArray(String[]::new));
                assertThat(run.exitCode()).as("%s %s: %s", mode.name(), hash, run).isZero();
                List<String> lines = run.out().lines().toList();
                assertThat(lines).hasSize(keys.size());
                for (int i = 0; i < keys.size(); i++) {
                    assertThat(lines.get(i)).as("%s hash %s line %d", mode.name(), hash, i + 1)
                            .isEqualTo(keys.get(i) + "\t" + router.route(keys.get(i)).address());
                }
                checked++;
            }
        }
        assertThat(checked).as("modes that could route the test topology").isPositive();
    }

    @Test
    void routeReadsKeysFromAFile(@TempDir Path dir) throws IOException {
        InteropMode mode = CliRun.ringMode();
        Path file = Files.writeString(dir.resolve("keys.txt"), "alpha\r\nbeta\r\n");
        CliRun run = CliRun.run("route", "--mode", mode.name(), "--servers", CliRun.csv(CliRun.THREE), "--keys", file.toString());
        Router<Server> router = mode.router(CliRun.THREE, null);
        assertThat(run.out()).isEqualTo("alpha\t" + router.route("alpha").address() + "\n"
                + "beta\t" + router.route("beta").address() + "\n");
    }

    private static final Pattern INSPECT_ROW = Pattern.compile("(?m)^(\\S+)\\s+(\\d+)\\s+(\\d+|-)\\s+[\\d.]+%\\s+([\\d.]+)%\\s+[\\d.]+%$");

    @Test
    void inspectOfARingModeShowsPointsAndExactSharesSummingToOne() {
        InteropMode mode = CliRun.ringMode();
        CliRun run = CliRun.run("inspect", "--mode", mode.name(), "--servers", CliRun.csv(CliRun.THREE));
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.out()).contains("shares are exact");
        Ring<Server> ring = Cluster.ringOf(mode.router(CliRun.THREE, null));
        Matcher m = INSPECT_ROW.matcher(run.out());
        double total = 0;
        int rows = 0;
        while (m.find()) {
            Server server = CliRun.THREE.get(rows);
            assertThat(m.group(1)).isEqualTo(server.address());
            assertThat(Integer.parseInt(m.group(2))).isEqualTo(server.weight());
            Node<Server> node = nodeOf(ring, server);
            assertThat(Integer.parseInt(m.group(3))).as("points of %s", server).isEqualTo(ring.pointCount(node.id())).isPositive();
            total += Double.parseDouble(m.group(4));
            rows++;
        }
        assertThat(rows).as("rows in%n%s", run.out()).isEqualTo(3);
        assertThat(total).isCloseTo(100.0, org.assertj.core.data.Offset.offset(0.003));
    }

    static Node<Server> nodeOf(Ring<Server> ring, Server server) {
        return ring.nodes().stream().filter(n -> n.value().equals(server)).findFirst().orElseThrow();
    }

    /**
     * Every ring-based mode's exact shares, in configuration order, agree with the share of random
     * keys the mode's own router sends to each server (50,000 keys: one standard deviation is at
     * most 0.23 points; the bound is 1.2 points), so a ring that is not the one routing would fail.
     */
    @Test
    void inspectSharesOfEveryRingModeAreExactAndMatchTheModesRouting() {
        List<Server> servers = List.of(Server.parse("10.0.0.1:11211"), Server.parse("10.0.0.2:11212:3"),
                Server.parse("10.0.0.3:11211:2"), Server.parse("cache-4.example:11213"));
        List<String> keys = keys(50_000);
        List<String> ringModes = new ArrayList<>();
        for (InteropMode mode : CliRun.modes()) {
            Router<Server> router = CliRun.router(mode, servers);
            if (router == null || Cluster.ringOf(router) == null) {
                continue;
            }
            ringModes.add(mode.name());
            CliRun run = CliRun.run("inspect", "--mode", mode.name(), "--servers", CliRun.csv(servers));
            assertThat(run.exitCode()).as("%s", run).isZero();
            assertThat(run.out()).as(mode.name()).contains("shares are exact (Ring.shares)").doesNotContain("not a ring");
            Map<Server, Integer> routed = new HashMap<>();
            for (String key : keys) {
                routed.merge(router.route(key), 1, Integer::sum);
            }
            Matcher m = INSPECT_ROW.matcher(run.out());
            int rows = 0;
            while (m.find()) {
                Server server = servers.get(rows);
                assertThat(m.group(1)).as("%s row %d", mode.name(), rows).isEqualTo(server.address());
                double sampled = 100.0 * routed.getOrDefault(server, 0) / keys.size();
                assertThat(Double.parseDouble(m.group(4))).as("%s share of %s (sampled %.3f%%)%n%s", mode.name(), server, sampled, run.out())
                        .isCloseTo(sampled, org.assertj.core.data.Offset.offset(1.2));
                rows++;
            }
            assertThat(rows).as("%s rows in%n%s", mode.name(), run.out()).isEqualTo(servers.size());
        }
        assertThat(ringModes).as("ring-based modes").contains("libketama", "twemproxy-ketama", "xmemcached-ketama", "dalli");
    }

    @Test
    void inspectOfEveryModeListsEveryServerOnce() {
        for (InteropMode mode : CliRun.modes()) {
            if (CliRun.router(mode, CliRun.THREE) == null) {
                continue;
            }
            CliRun run = CliRun.run("inspect", "--mode", mode.name(), "--servers", CliRun.csv(CliRun.THREE), "--samples", "20000");
            assertThat(run.exitCode()).as("%s: %s", mode.name(), run).isZero();
            for (Server server : CliRun.THREE) {
                assertThat(run.out().lines().filter(l -> l.startsWith(server.address() + " "))).as("%s in %s", server, mode.name()).hasSize(1);
            }
            if (Cluster.ringOf(CliRun.router(mode, CliRun.THREE)) == null) {
                assertThat(run.out()).contains("is not a ring", "20000 sampled keys");
            }
        }
    }


    @Test
    void diffOfAnAddedServerMovesKeysOnlyToIt() {
        CliRun.ringMode();
        int checked = 0;
        for (InteropMode mode : CliRun.modes()) {
            // Equal weights: with unequal ones, libmemcached-style policies recompute every server's points.
            List<Server> three = List.of(Server.parse("10.0.0.1:11211"), Server.parse("10.0.0.2:11212"), Server.parse("10.0.0.3:11213"));
            List<Server> four = new ArrayList<>(three);
            four.add(Server.parse("10.0.0.4:11214"));
            if (CliRun.router(mode, three) == null || CliRun.router(mode, four) == null
                    || Cluster.ringOf(CliRun.router(mode, three)) == null) {
                continue; // only consistent (ring) modes promise monotonicity
            }
            checked++;
            CliRun run = CliRun.run("diff", "--mode", mode.name(), CliRun.csv(three), CliRun.csv(four), "--format", "json");
            assertThat(run.exitCode()).as("%s", run).isZero();
            Map<String, Object> json = CliRun.json(run.out());
            assertThat(json.get("movedHashSpace")).as("%s: exact, Ring.diff", mode.name()).isInstanceOf(Number.class);
            double fraction = ((Number) json.get("movedHashSpace")).doubleValue();
            // One server of four added: an ideal ring moves 25%.
            assertThat(fraction).as("%s moved", mode.name()).isBetween(0.10, 0.45);
            double sum = 0;
            assertThat(json.get("flowsOf")).isEqualTo("hash space");
            for (Object o : (List<?>) json.get("flows")) {
                Map<?, ?> flow = (Map<?, ?>) o;
                assertThat(flow.get("to")).as("%s: keys move only to the added server", mode.name()).isEqualTo("10.0.0.4:11214");
                sum += ((Number) flow.get("share")).doubleValue();
            }
            assertThat(sum).isCloseTo(fraction, org.assertj.core.data.Offset.offset(0.0001));
            // The exact fraction agrees with the keys the mode's own routers move (one sd <= 0.22 points at 50,000 keys).
            Router<Server> before = CliRun.router(mode, three);
            Router<Server> after = CliRun.router(mode, four);
            List<String> keys = keys(50_000);
            long movedKeys = keys.stream().filter(k -> !before.route(k).address().equals(after.route(k).address())).count();
            assertThat(fraction).as("%s exact moved vs %d of %d keys", mode.name(), movedKeys, keys.size())
                    .isCloseTo(movedKeys / (double) keys.size(), org.assertj.core.data.Offset.offset(0.012));
        }
        assertThat(checked).as("ring modes that could express 3 and 4 equal servers").isPositive();
    }

    @Test
    void diffOfTheSameTopologyMovesNothing() {
        for (InteropMode mode : CliRun.modes()) {
            if (CliRun.router(mode, CliRun.THREE) == null) {
                continue;
            }
            String csv = CliRun.csv(CliRun.THREE);
            CliRun run = CliRun.run("diff", "--mode", mode.name(), csv, csv, "--samples", "5000");
            assertThat(run.exitCode()).as("%s", run).isZero();
            assertThat(run.out()).as(mode.name()).contains("0.000% of 5000 sampled keys", "no key changes server");
            if (Cluster.ringOf(CliRun.router(mode, CliRun.THREE)) != null) {
                assertThat(run.out()).as(mode.name()).containsPattern("moved:\\s+0\\.000% of the hash space \\(exact");
            }
        }
    }
}
