package io.hashring.xmemcached;

import io.hashring.client.Placement;
import io.hashring.client.WarmMigration;
import io.hashring.testkit.ClientFactory;
import io.hashring.testkit.LoadKit;
import org.junit.jupiter.api.DisplayName;

/**
 * The testkit's load rules R3.x against the xmemcached adapter built with the native mode
 * ({@link Placement#nativeRouting()}, {@code hashring-native}); every rule must pass.
 */
@DisplayName("Load kit: hashring-xmemcached/hashring-native")
class HashringXmemcachedNativeLoadKitTest extends LoadKit {
    @Override
    protected ClientFactory clientFactory() {
        return HashringXmemcachedFactory.create(Placement.nativeRouting(), WarmMigration.off(), c -> { });
    }
}
