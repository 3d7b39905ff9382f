package io.hashring.testkit;

import java.io.IOException;

import io.hashring.testkit.spymemcached.SpymemcachedClients;
import io.hashring.testkit.xmemcached.XmemcachedClients;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;

/**
 * The native clients the self-test measures, through the testkit's own bindings: plain spymemcached
 * 2.12.3 with its ketama ({@code Locator.CONSISTENT}, {@code KETAMA_HASH}, {@code FailureMode.Redistribute}),
 * and plain xmemcached 2.4.8 with {@link KetamaMemcachedSessionLocator}, one connection per server and
 * {@code failureMode=false} (a dead server leaves the ring until the heal thread reconnects it).
 */
final class NativeClients {

    private NativeClients() {
    }

    /** The kit's operation timeout; a reconnect delay capped at 1 s so restarted servers are seen within the recovery bound. */
    static ConnectionFactoryBuilder spymemcachedKetama() {
        return new ConnectionFactoryBuilder()
                .setLocatorType(ConnectionFactoryBuilder.Locator.CONSISTENT)
                .setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
                .setFailureMode(FailureMode.Redistribute)
                .setOpTimeout(TestkitSettings.opTimeout().toMillis())
                .setMaxReconnectDelay(1)
                .setDaemon(true);
    }

    static ClientFactory spymemcached() {
        return SpymemcachedClients.nativeClient(c -> new MemcachedClient(spymemcachedKetama().build(), c.socketAddresses()))
                .withRoutingModel(SpymemcachedClients::ketamaModel);
    }

    static ClientFactory xmemcached() {
        return XmemcachedClients.nativeClient(NativeClients::xmemcachedClient)
                .withWeights()
                .withRoutingModel(XmemcachedClients::ketamaModel);
    }

    private static net.rubyeye.xmemcached.MemcachedClient xmemcachedClient(ClientConfig config) throws IOException {
        XMemcachedClientBuilder builder = XmemcachedClients.builder(config);
        builder.setSessionLocator(new KetamaMemcachedSessionLocator());
        builder.setFailureMode(false);
        builder.setConnectionPoolSize(1);
        return builder.build();
    }
}
