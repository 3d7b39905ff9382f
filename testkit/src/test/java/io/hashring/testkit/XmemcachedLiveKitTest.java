package io.hashring.testkit;

import org.junit.jupiter.api.DisplayName;

/** Plain xmemcached 2.4.8; its binding declares the measured failure (R2.8), which must keep failing. */
@DisplayName("Live kit: native xmemcached")
class XmemcachedLiveKitTest extends LiveKit {
    @Override
    protected ClientFactory clientFactory() {
        return NativeClients.xmemcached();
    }
}
