package io.hashring.spymemcached;

import io.hashring.client.WarmMigration;
import io.hashring.testkit.ClientFactory;
import io.hashring.testkit.LiveKit;
import org.junit.jupiter.api.DisplayName;

/** The testkit's live rules R2.x against the spymemcached adapter; every rule must pass. */
@DisplayName("Live kit: hashring-spymemcached")
class HashringSpymemcachedLiveKitTest extends LiveKit {
    @Override
    protected ClientFactory clientFactory() {
        return HashringSpymemcachedFactory.create(WarmMigration.off(), c -> { });
    }
}
