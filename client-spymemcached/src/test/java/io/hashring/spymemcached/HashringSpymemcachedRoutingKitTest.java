package io.hashring.spymemcached;

import io.hashring.testkit.Capability;
import io.hashring.testkit.RoutingKit;
import io.hashring.testkit.RoutingUnderTest;
import io.hashring.testkit.ServerSpec;
import io.hashring.testkit.client.HashringClients;
import io.hashring.testkit.spymemcached.SpymemcachedClients;
import java.util.List;
import net.spy.memcached.MemcachedNode;
import org.junit.jupiter.api.DisplayName;

/**
 * The testkit's routing rules R1.x against the adapter's real {@link HashringNodeLocator}, as its
 * connection factory builds it over (stand-in) spymemcached nodes: {@code getPrimary}, and
 * {@code getSequence} as the failover order.
 */
@DisplayName("Routing kit: hashring-spymemcached HashringNodeLocator")
class HashringSpymemcachedRoutingKitTest extends RoutingKit<MemcachedNode> {
    HashringSpymemcachedRoutingKitTest() {
        super("hashring-spymemcached", Capability.WEIGHTS);
    }

    @Override
    protected RoutingUnderTest<MemcachedNode> routing(List<ServerSpec> servers) {
        return SpymemcachedClients.locator(servers,
                HashringSpymemcached.builder().servers(HashringClients.serverList(servers)).buildConnectionFactory());
    }
}
