package io.hashring.testkit;

import java.util.Map;

import io.hashring.testkit.spymemcached.SpymemcachedClients;
import net.spy.memcached.MemcachedClient;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Fault kit: native spymemcached")
class SpymemcachedFaultKitTest extends FaultKit {
    @Override
    protected ClientFactory clientFactory() {
        return SpymemcachedClients.nativeClient(c -> new MemcachedClient(
                NativeClients.spymemcachedKetama().setOpTimeout(c.opTimeout().toMillis()).build(), c.socketAddresses()));
    }

    /** Measured failures of plain spymemcached 2.12.3; each is asserted to still fail. */
    @Override
    public Map<Rules, String> expectedFailures() {
        return Map.of(
                Rules.R5_1, "operation timeouts are no failure signal: a paused server's connection stays active, so every "
                        + "call on its keys waits the full opTimeout (7 of 7 calls in 7 s)",
                Rules.R5_2, "FailureMode.Redistribute writes a disconnected server's keys elsewhere and reads them from the "
                        + "server again once it reconnects, which still holds the older values: stale reads",
                Rules.R5_4, "MemcachedConnection opens its selector and sockets before the locator (an assert in "
                        + "KetamaNodeLocator for two servers at one address) or the connect (an unresolvable host) fails, "
                        + "and closes none of them: about 4 descriptors per failed MemcachedClient constructor");
    }
}
