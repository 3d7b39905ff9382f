package io.hashring.spymemcached;

import io.hashring.client.Placement;
import io.hashring.client.WarmMigration;
import io.hashring.testkit.ClientFactory;
import io.hashring.testkit.LoadKit;
import org.junit.jupiter.api.DisplayName;

/**
 * The testkit's load rules R3.x against the spymemcached adapter built with the native mode
 * ({@link Placement#nativeRouting()}, {@code hashring-native}); every rule must pass.
 */
@DisplayName("Load kit: hashring-spymemcached/hashring-native")
class HashringSpymemcachedNativeLoadKitTest extends LoadKit {
    @Override
    protected ClientFactory clientFactory() {
        return HashringSpymemcachedFactory.create(Placement.nativeRouting(), WarmMigration.off(), c -> { });
    }
}
