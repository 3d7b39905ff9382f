package io.hashring.client.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashring.client.EjectionPolicy;
import io.hashring.core.NativeRouting;
import io.hashring.core.Node;
import io.hashring.core.WeightedRendezvousRouter;
import io.hashring.hash.interop.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologyFileTest {

    private static TopologyException rejected(String json) {
        try {
            Topology t = TopologyFile.parse(json, "t.json");
            throw new AssertionError("accepted: " + t);
        } catch (TopologyException e) {
            assertThat(e.getMessage()).as("one line").doesNotContain("\n", "\r");
            assertThat(e.getMessage()).startsWith("t.json:" + e.line() + ":" + e.column() + ": ");
            return e;
        }
    }

    private static void assertAt(TopologyException e, int line, int column, String field) {
        assertThat(e.line()).as("line of %s", e.getMessage()).isEqualTo(line);
        assertThat(e.column()).as("column of %s", e.getMessage()).isEqualTo(column);
        assertThat(e.field()).as("field of %s", e.getMessage()).isEqualTo(field);
    }

    @Test
    void readsEveryField() {
        Topology t = TopologyFile.parse("""
                {
                  "$schema": "../docs/topology.schema.json",
                  "mode": "twemproxy-ketama",
                  "hash": "fnv1a_64",
                  "servers": [
                    {"host": "10.0.0.1", "port": 11211, "name": "alpha"},
                    {"host": "::1", "port": 11212, "weight": 3, "name": "beta"}
                  ],
                  "ejection": {"failureThreshold": 5, "ejectForMs": 250, "maxEjectForMs": 4000, "flapWindowMs": 0}
                }
                """, "t.json");
        assertThat(t.servers()).containsExactly(new Server("10.0.0.1", 11211, 1, "alpha"), new Server("::1", 11212, 3, "beta"));
        assertThat(t.mode()).isEqualTo("twemproxy-ketama");
        assertThat(t.hash()).contains("fnv1a_64");
        assertThat(t.ejection().failureThreshold()).isEqualTo(5);
        assertThat(t.ejection().ejectFor()).isEqualTo(Duration.ofMillis(250));
        assertThat(t.ejection().maxEjectFor()).isEqualTo(Duration.ofMillis(4000));
        assertThat(t.ejection().flapWindow()).isZero();
        assertThat(t.router().route("user:42")).isIn(t.servers());
    }

    @Test
    void defaultsAreTheDefaultPlacementAndEjection() {
        Topology t = TopologyFile.parse("{\"servers\": [{\"host\": \"a\", \"port\": 1}]}", "t.json");
        assertThat(t.mode()).isEqualTo(Topology.DEFAULT_MODE);
        assertThat(t.hash()).isEmpty();
        assertThat(t.ejection()).isSameAs(EjectionPolicy.defaults());
        assertThat(t.placement().name()).isEqualTo(Topology.DEFAULT_MODE);
        assertThat(t.servers()).containsExactly(Server.of("a", 1));
    }

    @Test
    void readsTheNativeMode() {
        Topology t = TopologyFile.parse("""
                {"mode": "hashring-native", "servers": [{"host": "10.0.0.1", "port": 11211},
                  {"host": "10.0.0.2", "port": 11211, "weight": 2}, {"host": "10.0.0.3", "port": 11211, "name": "c"}]}
                """, "t.json");
        assertThat(t.mode()).isEqualTo(Topology.NATIVE_MODE).isEqualTo(NativeRouting.MODE);
        assertThat(t.placement().name()).isEqualTo("hashring-native");
        assertThat(t.router()).isInstanceOf(WeightedRendezvousRouter.class);
        List<Node<Server>> nodes = t.servers().stream().map(s -> Node.of(s.id(), s.weight(), s)).toList();
        for (int i = 0; i < 200; i++) {
            assertThat(t.router().route("k" + i)).isEqualTo(NativeRouting.router(nodes).route("k" + i));
        }
        assertThat(rejected("{\"mode\": \"hashring-native\", \"hash\": \"md5\", \"servers\": [{\"host\": \"a\", \"port\": 1}]}")
                .problem()).contains("fixed key hash");
    }

    @Test
    void ejectionCanBeSwitchedOff() {
        Topology t = TopologyFile.parse("{\"servers\": [{\"host\": \"a\", \"port\": 1}], \"ejection\": {\"enabled\": false}}", "t");
        assertThat(t.ejection().isEnabled()).isFalse();
    }

    @Test
    @DisplayName("a trailing comma in the server list is named, at the comma")
    void trailingCommaInList() {
        TopologyException e = rejected("""
                {"servers": [
                  {"host": "a", "port": 1},
                ]}
                """);
        assertAt(e, 2, 27, "servers");
        assertThat(e.problem()).contains("trailing comma before ']'");
    }

    @Test
    void trailingCommaInObject() {
        TopologyException e = rejected("{\"servers\": [{\"host\": \"a\", \"port\": 1,}]}");
        assertAt(e, 1, 37, "servers[0]");
        assertThat(e.problem()).contains("trailing comma before '}'");
    }

    @Test
    @DisplayName("a weight of 0 is named with its line, column and field")
    void zeroWeight() {
        TopologyException e = rejected("""
                {
                  "servers": [
                    {"host": "a", "port": 1},
                    {"host": "b", "port": 1, "weight": 0}
                  ]
                }
                """);
        assertAt(e, 4, 40, "servers[1].weight");
        assertThat(e.getMessage()).isEqualTo("t.json:4:40: servers[1].weight: must be a whole number >= 1, was 0");
    }

    @Test
    @DisplayName("an unknown mode is named and every valid mode listed")
    void unknownMode() {
        TopologyException e = rejected("""
                {
                  "mode": "ketamma",
                  "servers": [{"host": "a", "port": 1}]
                }
                """);
        assertAt(e, 2, 11, "mode");
        assertThat(e.problem()).startsWith("unknown mode 'ketamma'; valid modes: " + Topology.DEFAULT_MODE + ", ");
        for (String mode : Topology.modes()) {
            assertThat(e.problem()).contains(mode);
        }
    }

    @Test
    void unknownFieldListsTheValidOnes() {
        TopologyException e = rejected("{\"servers\": [{\"host\": \"a\", \"port\": 1, \"wieght\": 2}]}");
        assertAt(e, 1, 39, "servers[0].wieght");
        assertThat(e.problem()).isEqualTo("unknown field 'wieght'; valid fields of a server: host, port, weight, name");
        TopologyException top = rejected("{\"server\": []}");
        assertAt(top, 1, 2, "server");
        assertThat(top.problem()).contains("valid fields: $schema, mode, hash, servers, ejection");
    }

    @Test
    void missingPortAndHost() {
        assertAt(rejected("{\"servers\": [{\"host\": \"a\", \"port\": 1}, {\"host\": \"b\"}]}"), 1, 40, "servers[1]");
        assertThat(rejected("{\"servers\": [{\"port\": 1}]}").problem()).contains("missing field 'host'");
        assertThat(rejected("{\"mode\": \"libketama\"}").problem()).contains("missing field 'servers'");
        assertThat(rejected("{\"servers\": []}").problem()).contains("at least one server");
    }

    @Test
    void wrongTypesAndRanges() {
        assertThat(rejected("{\"servers\": [{\"host\": \"a\", \"port\": \"11211\"}]}").problem())
                .isEqualTo("must be a whole number 1..65535, found the string \"11211\"");
        assertThat(rejected("{\"servers\": [{\"host\": \"a\", \"port\": 70000}]}").problem()).contains("1..65535, was 70000");
        assertThat(rejected("{\"servers\": [{\"host\": \"a\", \"port\": 1.5}]}").problem()).contains("found the number 1.5");
        assertThat(rejected("{\"servers\": [{\"host\": \"a\", \"port\": 99999999999999999999}]}").problem()).contains("was 9999");
        assertThat(rejected("{\"servers\": [{\"host\": 7, \"port\": 1}]}").field()).isEqualTo("servers[0].host");
        assertThat(rejected("{\"servers\": [{\"host\": \" \", \"port\": 1}]}").problem()).contains("blank");
        assertThat(rejected("{\"servers\": {}}").problem()).contains("expected a list of servers");
        assertThat(rejected("[]").problem()).contains("one JSON object");
        assertThat(rejected("").problem()).contains("the end of the file");
        assertThat(rejected("{\"servers\": [{\"host\": \"a\", \"port\": 1}]} {}").problem()).contains("after the topology object");
    }

    @Test
    void duplicatesAreNamed() {
        TopologyException e = rejected("{\"servers\": [{\"host\": \"a\", \"port\": 1}, {\"host\": \"a\", \"port\": 1}]}");
        assertAt(e, 1, 40, "servers[1]");
        assertThat(e.problem()).contains("'a:1' is configured twice (also servers[0])");
        assertThat(rejected("{\"servers\": [{\"host\": \"a\", \"port\": 1, \"port\": 2}]}").problem()).contains("given twice");
    }

    @Test
    void hashMustSuitTheMode() {
        assertThat(rejected("{\"hash\": \"md5\", \"servers\": [{\"host\": \"a\", \"port\": 1}]}").problem())
                .contains("fixed key hash");
        TopologyException e = rejected("{\"mode\": \"twemproxy-ketama\", \"hash\": \"fnv\", \"servers\": [{\"host\": \"a\", \"port\": 1}]}");
        assertThat(e.field()).isEqualTo("hash");
        assertThat(e.problem()).contains("unknown hash 'fnv'", "fnv1a_64");
    }

    @Test
    void ejectionIsChecked() {
        assertThat(rejected("{\"servers\": [{\"host\": \"a\", \"port\": 1}], \"ejection\": {\"ejectForMs\": 5000, "
                + "\"maxEjectForMs\": 10}}").problem()).contains("shorter than");
        assertThat(rejected("{\"servers\": [{\"host\": \"a\", \"port\": 1}], \"ejection\": {\"failureThreshold\": 0}}").field())
                .isEqualTo("ejection.failureThreshold");
        assertThat(rejected("{\"servers\": [{\"host\": \"a\", \"port\": 1}], \"ejection\": {\"enabled\": false, "
                + "\"failureThreshold\": 2}}").problem()).contains("takes no other settings");
    }

    @Test
    void malformedJsonGetsALocation() {
        TopologyException e = rejected("{\"servers\": [{\"host\": \"a\" \"port\": 1}]}");
        assertAt(e, 1, 27, "servers[0]");
        assertThat(e.problem()).startsWith("malformed JSON: ");
        assertThat(rejected("{\"servers\": [{\"host\": \"a\", \"port\": 1}").problem()).contains("malformed JSON");
    }

    @Test
    void filesAreReadAsUtf8AndProblemsNameTheFile(@TempDir Path dir) throws IOException {
        Path ok = Files.writeString(dir.resolve("ok.json"), "{\"servers\": [{\"host\": \"a\", \"port\": 1}]}");
        assertThat(TopologyFile.read(ok).servers()).hasSize(1);
        Path missing = dir.resolve("missing.json");
        assertThatThrownBy(() -> TopologyFile.read(missing)).isInstanceOf(TopologyException.class)
                .hasMessage(missing + ": cannot read the topology file: no such file");
        Path bad = Files.write(dir.resolve("bad.json"), new byte[] {'{', (byte) 0xFF, '}'});
        assertThatThrownBy(() -> TopologyFile.read(bad)).hasMessageContaining("not valid UTF-8");
        Path weight = Files.writeString(dir.resolve("w.json"), "{\"servers\": [{\"host\": \"a\", \"port\": 1, \"weight\": 0}]}");
        assertThatThrownBy(() -> TopologyFile.read(weight)).hasMessage(weight + ":1:49: servers[0].weight: must be a whole "
                + "number >= 1, was 0");
    }

    /** A builder that records what a topology sets. */
    static final class RecordingBuilder extends io.hashring.client.HashringClientBuilder<RecordingBuilder> {
        io.hashring.client.Placement placement;
        EjectionPolicy ejection;

        @Override
        public RecordingBuilder placement(io.hashring.client.Placement p) {
            this.placement = p;
            return super.placement(p);
        }

        @Override
        public RecordingBuilder ejection(EjectionPolicy e) {
            this.ejection = e;
            return super.ejection(e);
        }
    }

    @Test
    void configuresAnAdapterBuilder() {
        Topology t = TopologyFile.parse("{\"mode\": \"libketama\", \"servers\": [{\"host\": \"a\", \"port\": 1, \"weight\": 2}, "
                + "{\"host\": \"b\", \"port\": 2, \"name\": \"beta\"}], \"ejection\": {\"enabled\": false}}", "t");
        RecordingBuilder b = t.configure(new RecordingBuilder());
        assertThat(b.resolvedServers()).containsExactly(new Server("a", 1, 2, null), new Server("b", 2, 1, "beta"));
        assertThat(b.placement.name()).isEqualTo("libketama");
        assertThat(b.ejection.isEnabled()).isFalse();
    }

    @Test
    void topologyValuesAreChecked() {
        assertThatThrownBy(() -> Topology.of(List.of())).hasMessageContaining("at least one server");
        assertThatThrownBy(() -> Topology.of(List.of(Server.of("a", 1), Server.of("a", 1)))).hasMessageContaining("twice");
        assertThatThrownBy(() -> Topology.placement("nope", null)).hasMessageContaining("valid modes: ketama-fixed-points");
        assertThat(Topology.of(List.of(Server.of("a", 1))).withServers(List.of(Server.of("b", 2))).servers())
                .containsExactly(Server.of("b", 2));
    }
}
