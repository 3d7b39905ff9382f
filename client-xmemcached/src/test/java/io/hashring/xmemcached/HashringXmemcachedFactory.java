package io.hashring.xmemcached;

import io.hashring.client.Placement;
import io.hashring.client.WarmMigration;
import io.hashring.testkit.ClientConfig;
import io.hashring.testkit.ClientFactory;
import io.hashring.testkit.client.HashringClients;
import io.hashring.testkit.xmemcached.XmemcachedClients;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * The xmemcached adapter as the testkit drives it: the testkit's xmemcached binding (the adapter's
 * client is an {@code XMemcachedClient}) with runtime changes, weights and the routing model from
 * {@link HashringClients}. Built with {@link HashringXmemcached#builder()} (default placement and
 * ejection policy, xmemcached's default {@code failureMode=false}, one connection per server), the
 * kit's operation timeout as op and connect timeout, and the heal (reconnect) interval at 500 ms as
 * in the native self-test.
 */
final class HashringXmemcachedFactory {

    private HashringXmemcachedFactory() {
    }

    /** The adapter with {@code warm}; every client it opens is also handed to {@code opened}. */
    static ClientFactory create(WarmMigration warm, Consumer<? super HashringXMemcachedClient> opened) {
        return create(Placement.defaults(), warm, opened);
    }

    /** The adapter built with {@code placement} (its routing model too), named {@code hashring-xmemcached/PLACEMENT} unless the default. */
    static ClientFactory create(Placement placement, WarmMigration warm, Consumer<? super HashringXMemcachedClient> opened) {
        return HashringClients.adapter("hashring-xmemcached", XmemcachedClients::factory, (config, w) -> open(config, w, placement), warm, opened,
                placement);
    }

    private static HashringXMemcachedClient open(ClientConfig config, WarmMigration warm, Placement placement) throws IOException {
        long timeout = config.opTimeout().toMillis();
        return HashringXmemcached.builder().servers(HashringClients.serverList(config.servers())).warmMigration(warm).placement(placement).configure(b -> {
            b.setOpTimeout(timeout);
            b.setConnectTimeout(timeout);
            b.setHealSessionInterval(500);
        }).build();
    }
}
