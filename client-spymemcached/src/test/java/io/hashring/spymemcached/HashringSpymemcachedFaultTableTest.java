package io.hashring.spymemcached;

import io.hashring.testkit.ClientFactory;
import io.hashring.testkit.FaultTable;
import org.junit.jupiter.api.DisplayName;

/** The fault table's rows for the spymemcached adapter (runs with -Dhashring.faultTable=true). */
@DisplayName("Fault table: hashring-spymemcached")
class HashringSpymemcachedFaultTableTest extends FaultTable {
    @Override
    protected ClientFactory clientFactory() {
        return HashringSpymemcachedFactory.create(io.hashring.client.WarmMigration.off(), c -> { });
    }
}
