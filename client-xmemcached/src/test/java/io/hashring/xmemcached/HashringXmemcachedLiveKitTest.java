package io.hashring.xmemcached;

import io.hashring.client.WarmMigration;
import io.hashring.testkit.ClientFactory;
import io.hashring.testkit.LiveKit;
import org.junit.jupiter.api.DisplayName;

/** The testkit's live rules R2.x against the xmemcached adapter; every rule must pass. */
@DisplayName("Live kit: hashring-xmemcached")
class HashringXmemcachedLiveKitTest extends LiveKit {
    @Override
    protected ClientFactory clientFactory() {
        return HashringXmemcachedFactory.create(WarmMigration.off(), c -> { });
    }
}
