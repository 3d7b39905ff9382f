package io.hashring.spymemcached;

import io.hashring.client.Placement;
import io.hashring.client.WarmMigration;
import io.hashring.testkit.ClientConfig;
import io.hashring.testkit.ClientFactory;
import io.hashring.testkit.client.HashringClients;
import io.hashring.testkit.spymemcached.SpymemcachedClients;
import java.io.IOException;
import java.util.function.Consumer;
import net.spy.memcached.ConnectionFactoryBuilder;

/**
 * The spymemcached adapter as the testkit drives it: the testkit's spymemcached binding (the
 * adapter's client is a {@code MemcachedClient}) plus what the adapter adds ({@link HashringClients}:
 * runtime add/remove, weights, its placement as the routing model). Built with
 * {@link HashringSpymemcached#builder()} (default placement and ejection policy), the kit's
 * operation timeout, the reconnect delay capped at 1 s (as the native self-test), and
 * spymemcached's default {@code FailureMode.Redistribute}.
 */
final class HashringSpymemcachedFactory {

    private HashringSpymemcachedFactory() {
    }

    /** The adapter with {@code warm}; every client it opens is also handed to {@code opened}. */
    static ClientFactory create(WarmMigration warm, Consumer<? super HashringMemcachedClient> opened) {
        return create(Placement.defaults(), warm, opened);
    }

    /** The adapter built with {@code placement} (its routing model too), named {@code hashring-spymemcached/PLACEMENT} unless the default. */
    static ClientFactory create(Placement placement, WarmMigration warm, Consumer<? super HashringMemcachedClient> opened) {
        return HashringClients.adapter("hashring-spymemcached", SpymemcachedClients::factory, (config, w) -> open(config, w, placement), warm, opened,
                placement);
    }

    private static HashringMemcachedClient open(ClientConfig config, WarmMigration warm, Placement placement) throws IOException {
        ConnectionFactoryBuilder spy = new ConnectionFactoryBuilder().setOpTimeout(config.opTimeout().toMillis())
                .setMaxReconnectDelay(1).setDaemon(true);
        return HashringSpymemcached.builder().servers(HashringClients.serverList(config.servers())).warmMigration(warm).placement(placement)
                .connectionFactory(spy).build();
    }
}
