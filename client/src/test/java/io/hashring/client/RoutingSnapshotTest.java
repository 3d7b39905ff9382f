package io.hashring.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashring.core.NodeCursor;
import io.hashring.core.Ring;
import io.hashring.core.RingConfig;
import io.hashring.core.UnknownNodeException;
import io.hashring.hash.interop.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The client layer's one routing view: indexes, failover, and changes that are all-or-nothing. */
class RoutingSnapshotTest {

    private final AtomicLong clock = new AtomicLong(1);
    private final ServerHealth health = new ServerHealth(EjectionPolicy.builder().failureThreshold(1)
            .clock(clock::get).build());
    private final List<Server> servers = List.of(Server.parse("10.0.0.1:11211"), Server.parse("10.0.0.2:11211:2"),
            Server.parse("10.0.0.3:11211"), Server.parse("10.0.0.4:11211:1:cache-d"));

    private RoutingSnapshot<String> snapshot() {
        return RoutingSnapshot.of(Placement.defaults(), servers, s -> "conn-" + s.id(), health);
    }

    private static List<String> keys(int n) {
        SplittableRandom r = new SplittableRandom(11);
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keys.add("key:" + r.nextLong());
        }
        return keys;
    }

    @Nested
    @DisplayName("routes by node index")
    class Routing {
        @Test
        void indexes_name_the_same_server_and_connection_as_the_placements_router() {
            RoutingSnapshot<String> s = snapshot();
            Ring<Server> reference = (Ring<Server>) Placement.ring(RingConfig.ketamaFixedPoints()).router(servers);
            for (String key : keys(5_000)) {
                int i = s.indexOf(key);
                Server expected = reference.route(key);
                assertThat(s.server(i)).as("server of %s", key).isEqualTo(expected);
                assertThat(s.connection(i)).isEqualTo("conn-" + expected.id());
                assertThat(s.route(key, true)).as("nothing ejected: failover routes to the primary").isEqualTo(i);
            }
        }

        @Test
        void an_ejected_servers_keys_go_to_the_next_distinct_server_and_no_other_key_moves() {
            RoutingSnapshot<String> s = snapshot();
            int dead = s.indexOfId("10.0.0.2:11211");
            s.health(dead).recordFailure();
            assertThat(s.isEjected(dead)).isTrue();
            for (String key : keys(5_000)) {
                int primary = s.indexOf(key);
                NodeCursor c = s.router().cursor().reset(key);
                c.next();
                int next = c.next();
                int expected = primary == dead ? next : primary;
                assertThat(s.route(key, true)).as("route of %s", key).isEqualTo(expected);
                assertThat(s.route(key, false)).as("without failover keys stay").isEqualTo(primary);
            }
        }

        @Test
        void with_every_server_ejected_keys_go_to_their_primary() {
            RoutingSnapshot<String> s = snapshot();
            for (int i = 0; i < s.size(); i++) {
                s.health(i).recordFailure();
            }
            for (String key : keys(500)) {
                assertThat(s.route(key, true)).isEqualTo(s.indexOf(key));
            }
        }

        @Test
        void firstUsable_walks_the_failover_order() {
            RoutingSnapshot<String> s = snapshot();
            for (String key : keys(500)) {
                List<Server> order = s.router().candidates(key);
                int third = s.indexOfId(order.get(2).id());
                assertThat(s.firstUsable(key, j -> j == third)).isEqualTo(third);
                assertThat(s.firstUsable(key, j -> false)).isEqualTo(-1);
            }
        }

        @Test
        void health_is_kept_by_server_id_across_snapshots() {
            RoutingSnapshot<String> s = snapshot();
            s.health(s.indexOfId("cache-d")).recordFailure();
            RoutingSnapshot<String> grown = s.adding(Server.parse("10.0.0.5:11211"), "conn-5");
            assertThat(grown.health(grown.indexOfId("cache-d")).isEjected()).isTrue();
            assertThat(grown.health(grown.indexOfId("10.0.0.5:11211")).isEjected()).isFalse();
        }
    }

    @Nested
    @DisplayName("changes are validated before anything changes")
    class Changes {
        @Test
        void adding_moves_keys_only_to_the_new_server() {
            RoutingSnapshot<String> s = snapshot();
            RoutingSnapshot<String> grown = s.adding(Server.parse("10.0.0.5:11211"), "conn-5");
            int added = grown.indexOfId("10.0.0.5:11211");
            for (String key : keys(5_000)) {
                int after = grown.indexOf(key);
                if (after != added) {
                    assertThat(grown.server(after)).as("key %s stayed", key).isEqualTo(s.server(s.indexOf(key)));
                }
            }
            assertThat(grown.connection(added)).isEqualTo("conn-5");
            assertThat(s.size()).as("the receiver is unchanged").isEqualTo(4);
        }

        @Test
        void removing_moves_only_the_removed_servers_keys_and_keeps_connections() {
            RoutingSnapshot<String> s = snapshot();
            RoutingSnapshot<String> shrunk = s.removing("10.0.0.1:11211");
            assertThat(shrunk.contains("10.0.0.1:11211")).isFalse();
            for (String key : keys(5_000)) {
                Server before = s.server(s.indexOf(key));
                int after = shrunk.indexOf(key);
                if (!before.id().equals("10.0.0.1:11211")) {
                    assertThat(shrunk.server(after)).isEqualTo(before);
                }
                assertThat(shrunk.connection(after)).isEqualTo("conn-" + shrunk.server(after).id());
            }
        }

        @Test
        void rejected_changes_throw_and_change_nothing() {
            RoutingSnapshot<String> s = snapshot();
            assertThatThrownBy(() -> s.adding(Server.parse("10.0.0.1:11211:5"), "x"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'10.0.0.1:11211' is already configured");
            assertThatThrownBy(() -> s.removing("10.9.9.9:11211")).isInstanceOf(UnknownNodeException.class)
                    .hasMessageContaining("10.9.9.9:11211");
            assertThatThrownBy(() -> s.reweighting("cache-d", 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be positive");
            assertThatThrownBy(() -> s.reweighting("nope", 2)).isInstanceOf(UnknownNodeException.class);
            assertThat(s.servers()).isEqualTo(servers);
        }

        @Test
        void a_weight_the_placement_cannot_fit_is_rejected_before_a_snapshot_exists() {
            RoutingSnapshot<String> s = snapshot();
            assertThatThrownBy(() -> s.reweighting("cache-d", Integer.MAX_VALUE))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(s.server(s.indexOfId("cache-d")).weight()).isEqualTo(1);
        }

        @Test
        void two_servers_with_one_id_are_refused() {
            assertThatThrownBy(() -> RoutingSnapshot.of(Placement.defaults(),
                    List.of(Server.parse("a:1:1:same"), Server.parse("b:1:1:same")), s -> "c", health))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("server 'same' is configured twice");
        }

        @Test
        void reweighting_keeps_the_configuration_order() {
            RoutingSnapshot<String> s = snapshot().reweighting("10.0.0.3:11211", 4);
            assertThat(s.servers()).extracting(Server::id)
                    .containsExactly("10.0.0.1:11211", "10.0.0.2:11211", "10.0.0.3:11211", "cache-d");
            assertThat(s.servers().get(2).weight()).isEqualTo(4);
        }
    }
}
