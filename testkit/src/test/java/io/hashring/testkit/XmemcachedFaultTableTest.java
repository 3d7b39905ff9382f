package io.hashring.testkit;

import org.junit.jupiter.api.DisplayName;

/** The fault table's rows for native xmemcached (runs with -Dhashring.faultTable=true). */
@DisplayName("Fault table: native xmemcached")
class XmemcachedFaultTableTest extends FaultTable {
    @Override
    protected ClientFactory clientFactory() {
        return NativeClients.xmemcached();
    }
}
