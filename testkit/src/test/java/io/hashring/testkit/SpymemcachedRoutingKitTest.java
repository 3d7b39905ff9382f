package io.hashring.testkit;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;

import io.hashring.testkit.spymemcached.SpymemcachedClients;
import net.spy.memcached.MemcachedNode;

/** spymemcached's own KetamaNodeLocator, built by its ConnectionFactory over stand-in nodes. */
@DisplayName("Routing kit: native spymemcached KetamaNodeLocator")
class SpymemcachedRoutingKitTest extends RoutingKit<MemcachedNode> {
    @Override
    protected RoutingUnderTest<MemcachedNode> routing(List<ServerSpec> servers) {
        return SpymemcachedClients.locator(servers, NativeClients.spymemcachedKetama().build());
    }

    @Override
    public Map<Rules, String> expectedFailures() {
        return SpymemcachedClients.KETAMA_LOCATOR_FAILURES;
    }

    @Override
    public String subjectName() {
        return "spymemcached-" + SpymemcachedClients.VERSION;
    }
}
