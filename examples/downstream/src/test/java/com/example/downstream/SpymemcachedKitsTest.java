package com.example.downstream;

import static io.hashring.testkit.spymemcached.SpymemcachedClients.locator;
import static io.hashring.testkit.spymemcached.SpymemcachedClients.nativeClient;
import static net.spy.memcached.ConnectionFactoryBuilder.Locator.CONSISTENT;
import static net.spy.memcached.DefaultHashAlgorithm.KETAMA_HASH;

import io.hashring.testkit.ClientFactory;
import io.hashring.testkit.LiveKit;
import io.hashring.testkit.LoadKit;
import io.hashring.testkit.RoutingKit;
import io.hashring.testkit.RoutingUnderTest;
import io.hashring.testkit.ServerSpec;
import io.hashring.testkit.spymemcached.SpymemcachedClients;
import java.util.List;
import net.spy.memcached.ConnectionFactory;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedNode;

// This project's spymemcached setup (ketama, reconnect within 1 s), checked by the routing, live and load kits.
class SpymemcachedRoutingTest extends RoutingKit<MemcachedNode> {
    static ConnectionFactory connections() {
        return new ConnectionFactoryBuilder().setLocatorType(CONSISTENT).setHashAlg(KETAMA_HASH).setMaxReconnectDelay(1).build();
    }
    static ClientFactory client() { return nativeClient(SpymemcachedRoutingTest::connections).withRoutingModel(SpymemcachedClients::ketamaModel); }
    @Override protected RoutingUnderTest<MemcachedNode> routing(List<ServerSpec> servers) { return locator(servers, connections()); }
}

class SpymemcachedLiveTest extends LiveKit {
    @Override protected ClientFactory clientFactory() { return SpymemcachedRoutingTest.client(); }
}

class SpymemcachedLoadTest extends LoadKit {
    @Override protected ClientFactory clientFactory() { return SpymemcachedRoutingTest.client(); }
}
