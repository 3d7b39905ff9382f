package io.hashring.xmemcached;

import com.google.code.yanf4j.core.Session;
import io.hashring.client.EjectionPolicy;
import io.hashring.client.Placement;
import io.hashring.testkit.Capability;
import io.hashring.testkit.RoutingKit;
import io.hashring.testkit.RoutingUnderTest;
import io.hashring.testkit.ServerSpec;
import io.hashring.testkit.xmemcached.XmemcachedClients;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * The testkit's routing rules R1.x against the adapter's real {@link HashringSessionLocator} built
 * with the native mode ({@link Placement#nativeRouting()}): {@code getSessionByKey}, and its
 * answers as the key's sessions close as the failover order.
 */
@DisplayName("Routing kit: hashring-xmemcached/hashring-native HashringSessionLocator")
class HashringXmemcachedNativeRoutingKitTest extends RoutingKit<Session> {
    HashringXmemcachedNativeRoutingKitTest() {
        super("hashring-xmemcached/hashring-native", Capability.WEIGHTS);
    }

    @Override
    protected RoutingUnderTest<Session> routing(List<ServerSpec> servers) {
        return XmemcachedClients.locator(servers,
                new HashringSessionLocator(List.of(), Placement.nativeRouting(), EjectionPolicy.defaults()));
    }
}
