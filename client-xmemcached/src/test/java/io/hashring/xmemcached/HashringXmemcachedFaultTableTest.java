package io.hashring.xmemcached;

import io.hashring.testkit.ClientFactory;
import io.hashring.testkit.FaultTable;
import org.junit.jupiter.api.DisplayName;

/** The fault table's rows for the xmemcached adapter (runs with -Dhashring.faultTable=true). */
@DisplayName("Fault table: hashring-xmemcached")
class HashringXmemcachedFaultTableTest extends FaultTable {
    @Override
    protected ClientFactory clientFactory() {
        return HashringXmemcachedFactory.create(io.hashring.client.WarmMigration.off(), c -> { });
    }
}
