package io.hashring.xmemcached;

import io.hashring.testkit.ClientFactory;
import io.hashring.testkit.FaultKit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;

/** The testkit's fault rules R4.x against the xmemcached adapter; every rule must pass. */
@DisplayName("Fault kit: hashring-xmemcached")
class HashringXmemcachedFaultKitTest extends FaultKit {

    private final AtomicReference<HashringXMemcachedClient> last = new AtomicReference<>();

    @Override
    protected ClientFactory clientFactory() {
        return HashringXmemcachedFactory.create(io.hashring.client.WarmMigration.off(), last::set);
    }

    @Override
    protected Optional<HealthReporting> healthOfLastClient() {
        return Optional.of(address -> last.get().health(address).status().name());
    }
}
