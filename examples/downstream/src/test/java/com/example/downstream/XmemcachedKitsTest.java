package com.example.downstream;

import static io.hashring.testkit.xmemcached.XmemcachedClients.locator;
import static io.hashring.testkit.xmemcached.XmemcachedClients.nativeClient;

import com.google.code.yanf4j.core.Session;
import io.hashring.testkit.ClientConfig;
import io.hashring.testkit.ClientFactory;
import io.hashring.testkit.LiveKit;
import io.hashring.testkit.LoadKit;
import io.hashring.testkit.RoutingKit;
import io.hashring.testkit.RoutingUnderTest;
import io.hashring.testkit.ServerSpec;
import io.hashring.testkit.xmemcached.XmemcachedClients;
import java.io.IOException;
import java.util.List;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;

// This project's xmemcached setup (ketama, weighted servers), checked by the routing, live and load kits.
class XmemcachedRoutingTest extends RoutingKit<Session> {
    static MemcachedClient open(ClientConfig config) throws IOException {
        XMemcachedClientBuilder builder = XmemcachedClients.builder(config); // the kit's servers, weights and timeouts
        builder.setSessionLocator(new KetamaMemcachedSessionLocator());
        return builder.build();
    }
    static ClientFactory client() { return nativeClient(XmemcachedRoutingTest::open).withWeights().withRoutingModel(XmemcachedClients::ketamaModel); }
    @Override protected RoutingUnderTest<Session> routing(List<ServerSpec> servers) { return locator(servers, new KetamaMemcachedSessionLocator()); }
}

class XmemcachedLiveTest extends LiveKit {
    @Override protected ClientFactory clientFactory() { return XmemcachedRoutingTest.client(); }
}

class XmemcachedLoadTest extends LoadKit {
    @Override protected ClientFactory clientFactory() { return XmemcachedRoutingTest.client(); }
}
