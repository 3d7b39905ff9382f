package io.hashring.testkit;

import java.util.List;

import org.junit.jupiter.api.DisplayName;

import com.google.code.yanf4j.core.Session;
import io.hashring.testkit.xmemcached.XmemcachedClients;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;

/** xmemcached's own KetamaMemcachedSessionLocator over stand-in sessions (weights read from the sessions); the binding declares its measured R1.4 failure. */
@DisplayName("Routing kit: native xmemcached KetamaMemcachedSessionLocator")
class XmemcachedRoutingKitTest extends RoutingKit<Session> {
    XmemcachedRoutingKitTest() {
        super("xmemcached-" + XmemcachedClients.VERSION, Capability.WEIGHTS);
    }

    @Override
    protected RoutingUnderTest<Session> routing(List<ServerSpec> servers) {
        return XmemcachedClients.locator(servers, new KetamaMemcachedSessionLocator());
    }
}
