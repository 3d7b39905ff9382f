package io.hashring.spymemcached;

import io.hashring.client.Placement;
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
 * The testkit's routing rules R1.x against the adapter's real {@link HashringNodeLocator} built with
 * the native mode ({@link Placement#nativeRouting()}): {@code getPrimary}, and {@code getSequence}
 * as the failover order.
 */
@DisplayName("Routing kit: hashring-spymemcached/hashring-native HashringNodeLocator")
class HashringSpymemcachedNativeRoutingKitTest extends RoutingKit<MemcachedNode> {
    HashringSpymemcachedNativeRoutingKitTest() {
        super("hashring-spymemcached/hashring-native", Capability.WEIGHTS);
    }

    @Override
    protected RoutingUnderTest<MemcachedNode> routing(List<ServerSpec> servers) {
        return SpymemcachedClients.locator(servers, HashringSpymemcached.builder().servers(HashringClients.serverList(servers))
                .placement(Placement.nativeRouting()).buildConnectionFactory());
    }
}
