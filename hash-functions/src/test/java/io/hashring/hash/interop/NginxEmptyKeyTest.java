package io.hashring.hash.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashring.core.NodeCursor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * nginx's {@code hash $key [consistent]} with an empty key: not hashed, the worker's smooth weighted round
 * robin instead (nginx 1.22.1 {@code src/http/modules/ngx_http_upstream_hash_module.c}, {@code key.len == 0};
 * {@code src/http/ngx_http_upstream_round_robin.c} {@code ngx_http_upstream_get_peer}). The real peer's sequences
 * are golden files ({@code golden/nginx-*}/{@code empty-key-*.json}, replayed by {@link GoldenReplayTest}); these
 * pin the API around them.
 */
class NginxEmptyKeyTest {

    private static final List<Server> WEIGHTED = List.of(Server.parse("127.0.0.1:31101:1"),
            Server.parse("localhost:31102:3"), Server.parse("127.0.0.2:11211:2"), Server.parse("127.0.0.3:31104:5"),
            Server.parse("127.0.0.4:31105:4"));

    private static PeerRouter router(String mode, List<Server> servers) {
        return InteropModes.byName(mode).peerRouter(servers, null);
    }

    private static List<String> names(List<Server> servers) {
        return servers.stream().map(Server::address).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx-hash", "nginx-consistent"})
    @DisplayName("upstream fact: weights {5, 1, 1} give a, a, b, a, c, a, a (nginx commit 52327e06, 'smooth weighted round-robin')")
    void smoothSequenceOfTheUpstreamCommitMessage(String mode) {
        // nginx/nginx commit 52327e0627f49dbda1e8db695e63a4b0af4448b1 (2012-05-14) message: "For edge case weights
        // like { 5, 1, 1 } we now produce { a, a, b, a, c, a, a }"
        List<Server> abc = List.of(Server.parse("10.0.0.1:80:5"), Server.parse("10.0.0.2:80:1"),
                Server.parse("10.0.0.3:80:1"));
        List<Server> got = router(mode, abc).routeInOrder(Collections.nCopies(7, ""), s -> true);
        assertThat(names(got)).as("7 empty-key requests of one worker").containsExactly("10.0.0.1:80", "10.0.0.1:80",
                "10.0.0.2:80", "10.0.0.1:80", "10.0.0.3:80", "10.0.0.1:80", "10.0.0.1:80");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx-hash", "nginx-consistent"})
    @DisplayName("the rotation repeats every total-weight requests, each server weight times per cycle")
    void rotationIsOneCycleOfTotalWeight(String mode) {
        PeerRouter r = router(mode, WEIGHTED);
        int total = 15;
        List<Server> three = r.routeInOrder(Collections.nCopies(3 * total, ""), s -> true);
        List<Server> cycle = three.subList(0, total);
        assertThat(three.subList(total, 2 * total)).as("second cycle").isEqualTo(cycle);
        assertThat(three.subList(2 * total, 3 * total)).as("third cycle").isEqualTo(cycle);
        Map<Server, Integer> count = new HashMap<>();
        cycle.forEach(s -> count.merge(s, 1, Integer::sum));
        for (Server s : WEIGHTED) {
            assertThat(count.get(s)).as("picks of " + s + " per cycle").isEqualTo(s.weight());
        }
        assertThat(cycle.get(0)).as("a fresh worker's first pick: the largest weight").isEqualTo(WEIGHTED.get(3));
        assertThat(r.route("")).as("route(\"\") is the first empty-key request's server").isEqualTo(cycle.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx-hash", "nginx-consistent"})
    @DisplayName("equal weights: round robin in configuration order (ties go to the first peer)")
    void equalWeightsRotateInConfigurationOrder(String mode) {
        List<Server> eq = List.of(Server.parse("127.0.0.2:11211"), Server.parse("localhost:31002"),
                Server.parse("127.0.0.3:31003"));
        assertThat(router(mode, eq).routeInOrder(Collections.nCopies(6, ""), s -> true))
                .containsExactly(eq.get(0), eq.get(1), eq.get(2), eq.get(0), eq.get(1), eq.get(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx-hash", "nginx-consistent"})
    @DisplayName("the empty key's failover sequence, candidates, cursor and byte form agree, every server once")
    void emptyKeyViewsAgree(String mode) {
        PeerRouter r = router(mode, WEIGHTED);
        List<Server> seq = r.failoverSequence("");
        assertThat(seq).as("probe order of the first empty-key request").hasSize(WEIGHTED.size())
                .containsExactlyInAnyOrderElementsOf(WEIGHTED);
        assertThat(seq.get(0)).isEqualTo(r.route(""));
        // second probe: the first pick (weight 5) failed and is left out; current weights 1,3,2,-10,4 + 1,3,2,-,4
        assertThat(seq.get(1)).as("second probe").isEqualTo(WEIGHTED.get(4));
        assertThat(r.candidates("")).isEqualTo(seq);
        assertThat(r.candidates(new byte[0])).isEqualTo(seq);
        assertThat(r.route(new byte[0])).isEqualTo(seq.get(0));
        assertThat(r.route(new byte[] {'x', 'y'}, 1, 0)).as("an empty slice").isEqualTo(seq.get(0));
        NodeCursor c = r.cursor().reset("");
        List<Server> walked = new ArrayList<>();
        for (int i = c.next(), n = 0; i >= 0 && n < 100; i = c.next(), n++) {
            walked.add(r.value(i));
        }
        assertThat(walked).as("cursor over the empty key").isEqualTo(seq);
        assertThat(r.cursor().reset("foo").next()).as("a non-empty key is still hashed").isEqualTo(r.indexOf("foo"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx-hash", "nginx-consistent"})
    @DisplayName("a dead first pick fails over to the next pick, and dead servers leave the rotation")
    void deadServersLeaveTheRotation(String mode) {
        PeerRouter r = router(mode, WEIGHTED);
        Set<String> dead = Set.of("localhost:31102", "127.0.0.3:31104");
        assertThat(r.route("", s -> !dead.contains(s.address()))).as("first request, weight-5 server dead")
                .isEqualTo(WEIGHTED.get(4));
        List<Server> got = r.routeInOrder(Collections.nCopies(30, ""), s -> !dead.contains(s.address()));
        assertThat(names(got)).doesNotContainAnyElementsOf(dead);
        assertThat(got.subList(1, 8)).as("live weights 1, 2, 4: one cycle of 7").isEqualTo(got.subList(8, 15));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx-hash", "nginx-consistent"})
    @DisplayName("hashed requests between empty-key ones do not move the rotation; they still hash")
    void hashedRequestsDoNotMoveTheRotation(String mode) {
        PeerRouter r = router(mode, WEIGHTED);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            keys.add("");
            keys.add("key-" + i);
        }
        List<Server> mixed = r.routeInOrder(keys, s -> true);
        List<Server> plain = r.routeInOrder(Collections.nCopies(15, ""), s -> true);
        for (int i = 0; i < 15; i++) {
            assertThat(mixed.get(2 * i)).as("empty-key request " + i).isEqualTo(plain.get(i));
            assertThat(mixed.get(2 * i + 1)).as("key-" + i).isEqualTo(r.route("key-" + i));
        }
    }

    /**
     * nginx-hash's failover sequence is its 21 hash positions; nginx-consistent's lists distinct servers (the 20-point
     * limit of its walk is not modelled, see docs/interop.md#nginx), so only plain hash can run out of tries here.
     */
    @Test
    @DisplayName("nginx-hash: a key none of whose 21 hash tries is alive falls back to the round robin (tries > 20)")
    void hashedKeyWithNoLiveTryFallsBackToRoundRobin() {
        List<Server> servers = List.of(Server.parse("127.0.0.1:31701:100"), Server.parse("127.0.0.2:31702:1"));
        PeerRouter r = router("nginx-hash", servers);
        Server live = servers.get(1);
        String key = null;
        for (int i = 0; i < 1000 && key == null; i++) {
            String k = "key-" + i;
            if (!r.failoverSequence(k).contains(live)) {
                key = k;
            }
        }
        assertThat(key).as("a key whose hash tries all land on the weight-100 server").isNotNull();
        assertThat(r.route(key, s -> s == live)).as("route(" + key + ", only the weight-1 server up)").isEqualTo(live);
        assertThat(r.routeInOrder(List.of(key, key), s -> s == live)).containsExactly(live, live);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx-hash", "nginx-consistent"})
    @DisplayName("routeInOrder names a null argument")
    void routeInOrderRejectsNulls(String mode) {
        PeerRouter r = router(mode, WEIGHTED);
        assertThatThrownBy(() -> r.routeInOrder(null, s -> true)).hasMessageContaining("keys is null");
        assertThatThrownBy(() -> r.routeInOrder(List.of(""), null)).hasMessageContaining("alive is null");
        assertThatThrownBy(() -> r.routeInOrder(Arrays.asList("", null), s -> true))
                .hasMessageContaining("keys contains null");
    }
}
