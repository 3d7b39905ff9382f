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
 * The testkit's routing rules R1.x against the adapter's real {@link HashringSessionLocator} with the
 * default placement and ejection policy, handed (stand-in) sessions as xmemcached hands it
 * connected ones: {@code getSessionByKey}, and its answers as the key's sessions close as the
 * failover order. Servers and weights come from the sessions (the locator's path for servers
 * xmemcached connects on its own).
 */
@DisplayName("Routing kit: hashring-xmemcached HashringSessionLocator")
class HashringXmemcachedRoutingKitTest extends RoutingKit<Session> {
    @Override
    protected RoutingUnderTest<Session> routing(List<ServerSpec> servers) {
        return XmemcachedClients.locator(servers, new HashringSessionLocator(List.of(), Placement.defaults(), EjectionPolicy.defaults()));
    }

    HashringXmemcachedRoutingKitTest() {
        super("hashring-xmemcached", Capability.WEIGHTS);
    }
}
