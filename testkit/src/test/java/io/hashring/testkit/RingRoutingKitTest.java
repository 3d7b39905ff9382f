package io.hashring.testkit;

import java.util.List;

import org.junit.jupiter.api.DisplayName;

import io.hashring.core.Ring;
import io.hashring.core.RingConfig;

@DisplayName("Routing kit: ring-core libmemcached ketama")
class RingRoutingKitTest extends RoutingKit<String> {
    @Override
    protected RoutingUnderTest<String> routing(List<ServerSpec> servers) {
        return RoutingUnderTest.of(Ring.of(RingConfig.libmemcachedKetama(), nodes(servers)));
    }

    RingRoutingKitTest() {
        super("ring-core libmemcached-ketama", Capability.WEIGHTS);
    }
}
