package io.hashring.spymemcached;

import io.hashring.client.WarmMigration;
import io.hashring.testkit.client.HashringClients;
import io.hashring.testkit.ClientFactory;
import io.hashring.testkit.WarmMigrationKit;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;

/** The testkit's warm-migration rules R4.x against the spymemcached adapter with warm migration on; every rule must pass. */
@DisplayName("Warm migration kit: hashring-spymemcached")
class HashringSpymemcachedWarmMigrationKitTest extends WarmMigrationKit {
    @Override
    protected ClientFactory clientFactory() {
        return HashringSpymemcachedFactory.create(HashringClients.WARM_FOR_KITS, c -> { });
    }

    /** R4.5 charts this client beside the same adapter with warm migration off. */
    @Override
    protected Optional<ClientFactory> withoutWarmMigration() {
        return Optional.of(HashringSpymemcachedFactory.create(WarmMigration.off(), c -> { }));
    }
}
