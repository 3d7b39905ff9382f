package io.hashring.spymemcached;

import io.hashring.client.WarmMigration;
import io.hashring.testkit.ClientFactory;
import io.hashring.testkit.LoadKit;
import org.junit.jupiter.api.DisplayName;

/** The testkit's load rules R3.x against the spymemcached adapter (kill, restart and a server added live). */
@DisplayName("Load kit: hashring-spymemcached")
class HashringSpymemcachedLoadKitTest extends LoadKit {
    @Override
    protected ClientFactory clientFactory() {
        return HashringSpymemcachedFactory.create(WarmMigration.off(), c -> { });
    }
}
