package io.hashring.testkit;

import org.junit.jupiter.api.DisplayName;

/** Plain spymemcached 2.12.3; its binding declares the measured failures (R2.5, R2.8), which must keep failing. */
@DisplayName("Live kit: native spymemcached")
class SpymemcachedLiveKitTest extends LiveKit {
    @Override
    protected ClientFactory clientFactory() {
        return NativeClients.spymemcached();
    }
}
