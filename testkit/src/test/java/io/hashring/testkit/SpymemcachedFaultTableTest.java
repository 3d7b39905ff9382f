package io.hashring.testkit;

import io.hashring.testkit.spymemcached.SpymemcachedClients;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.DisplayName;

/** The fault table's rows for native spymemcached (runs with -Dhashring.faultTable=true). */
@DisplayName("Fault table: native spymemcached")
class SpymemcachedFaultTableTest extends FaultTable {
    @Override
    protected ClientFactory clientFactory() {
        return SpymemcachedClients.nativeClient(c -> new MemcachedClient(
                NativeClients.spymemcachedKetama().setOpTimeout(c.opTimeout().toMillis()).build(), c.socketAddresses()));
    }
}
