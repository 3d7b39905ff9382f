package io.hashring.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import io.hashring.testkit.spymemcached.SpymemcachedClients;
import io.hashring.testkit.xmemcached.XmemcachedClients;
import net.spy.memcached.MemcachedClient;

/** The ready-made bindings declare exactly what they are told, skip what they cannot do, and refuse a client they are not for. */
@MemcachedNodes(count = 1)
@DisplayName("Client bindings")
class ClientBindingTest {

    @Test
    @DisplayName("capabilities follow the with... calls; plain spymemcached has none, xmemcached adds and removes servers")
    void capabilities() {
        ClientBinding<MemcachedClient> spy = SpymemcachedClients.factory(c -> new MemcachedClient(c.socketAddresses()));
        assertThat(spy.capabilities().features()).isEmpty();
        assertThat(spy.expectedFailures()).isEmpty();
        assertThat(spy.withWeights().withRemoveServer((c, a) -> { }).capabilities().features())
                .containsExactlyInAnyOrder(Capability.WEIGHTS, Capability.RUNTIME_REMOVE_SERVER);
        assertThat(XmemcachedClients.factory(c -> new net.rubyeye.xmemcached.XMemcachedClient(c.socketAddresses()))
                .capabilities().features()).containsExactlyInAnyOrder(Capability.RUNTIME_ADD_SERVER, Capability.RUNTIME_REMOVE_SERVER);
        assertThat(SpymemcachedClients.nativeClient(c -> new MemcachedClient(c.socketAddresses())).expectedFailures())
                .containsOnlyKeys(Rules.R2_5, Rules.R2_8);
        assertThat(SpymemcachedClients.nativeClient(c -> new MemcachedClient(c.socketAddresses()))
                .withoutExpectedFailure(Rules.R2_5).expectedFailures()).containsOnlyKeys(Rules.R2_8);
        assertThatThrownBy(() -> spy.withExpectedFailure(Rules.R2_1, " ")).hasMessageContaining("R2.1 needs a reason");
    }

    @Test
    @DisplayName("a weighted config is skipped with the reason unless the binding declares WEIGHTS; nothing is opened")
    void weightedSkips() {
        ClientBinding<MemcachedClient> spy = SpymemcachedClients.factory(c -> {
            throw new AssertionError("must not open a client for a config it cannot honour");
        });
        ClientConfig weighted = new ClientConfig(List.of(new ServerSpec("127.0.0.1:1", 2)), ClientConfig.Routing.KETAMA,
                TestkitSettings.opTimeout());
        assertThatThrownBy(() -> spy.create(weighted)).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("does not declare WEIGHTS");
    }

    @Test
    @DisplayName("nativeClient refuses a subclass of the library's client, naming it, and closes it")
    void nativeClientRefusesSubclasses(MemcachedCluster cluster) {
        ClientConfig config = ClientConfig.ketama(cluster.addresses());
        ClientBinding<MemcachedClient> spy = SpymemcachedClients.nativeClient(c -> new MemcachedClient(c.socketAddresses()) { });
        assertThatThrownBy(() -> spy.create(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ClientBindingTest$").hasMessageContaining("SpymemcachedClients.factory(...)");
        try (ClientUnderTest plain = SpymemcachedClients.nativeClient(c -> new MemcachedClient(c.socketAddresses())).create(config)) {
            assertThat(plain).isNotNull();
        }
    }
}
