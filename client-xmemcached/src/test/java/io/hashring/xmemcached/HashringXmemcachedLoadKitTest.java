package io.hashring.xmemcached;

import io.hashring.client.WarmMigration;
import io.hashring.testkit.ClientFactory;
import io.hashring.testkit.LoadKit;
import org.junit.jupiter.api.DisplayName;

/** The testkit's load rules R3.x against the xmemcached adapter (kill, restart and a server added live). */
@DisplayName("Load kit: hashring-xmemcached")
class HashringXmemcachedLoadKitTest extends LoadKit {
    @Override
    protected ClientFactory clientFactory() {
        return HashringXmemcachedFactory.create(WarmMigration.off(), c -> { });
    }
}
