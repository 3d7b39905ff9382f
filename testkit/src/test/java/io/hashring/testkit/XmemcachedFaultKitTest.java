package io.hashring.testkit;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Fault kit: native xmemcached")
class XmemcachedFaultKitTest extends FaultKit {
    @Override
    protected ClientFactory clientFactory() {
        return NativeClients.xmemcached();
    }

    /** Measured failures of plain xmemcached 2.4.8; each is asserted to still fail. */
    @Override
    public Map<Rules, String> expectedFailures() {
        return Map.of(
                Rules.R5_1, "operation timeouts only close a session after timeoutExceptionThreshold (1000) in a row: a "
                        + "paused server keeps its session, so every call on its keys waits the full opTimeout",
                Rules.R5_2, "keys of a server without an open session are rehashed to another server and read from the "
                        + "server again once its session is healed, which still holds the older values: stale reads",
                Rules.R5_3, "addServer accepts an unresolvable host (a ghost server that is retried forever) and an address "
                        + "already configured (a second session group), without an error",
                Rules.R5_4, "building a client with an unresolvable host or two servers at one address succeeds (0 of 400 "
                        + "bad changes and configurations rejected), and shutting those clients down leaves 5-45 descriptors");
    }
}
