package io.hashring.testkit;

import java.util.List;

import org.junit.jupiter.api.DisplayName;

import io.hashring.testkit.spymemcached.SpymemcachedClients;
import net.spy.memcached.MemcachedNode;

/** spymemcached's own KetamaNodeLocator over stand-in nodes; the binding declares its measured R1.4 failure, which must keep failing. */
@DisplayName("Routing kit: native spymemcached KetamaNodeLocator")
class SpymemcachedRoutingKitTest extends RoutingKit<MemcachedNode> {
    SpymemcachedRoutingKitTest() {
        super("spymemcached-" + SpymemcachedClients.VERSION);
    }

    @Override
    protected RoutingUnderTest<MemcachedNode> routing(List<ServerSpec> servers) {
        return SpymemcachedClients.locator(servers, NativeClients.spymemcachedKetama().build());
    }
}
