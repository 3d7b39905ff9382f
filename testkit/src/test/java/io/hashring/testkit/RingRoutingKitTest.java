package io.hashring.testkit;

import java.util.List;

import org.junit.jupiter.api.DisplayName;

import io.hashring.core.Node;
import io.hashring.core.Ring;
import io.hashring.core.RingConfig;
import io.hashring.core.Router;

@DisplayName("Routing kit: ring-core libmemcached ketama")
class RingRoutingKitTest extends RoutingKit {
    @Override
    protected Router<String> router(List<Node<String>> nodes) {
        return Ring.of(RingConfig.libmemcachedKetama(), nodes);
    }

    @Override
    public String subjectName() {
        return "ring-core libmemcached-ketama";
    }
}
