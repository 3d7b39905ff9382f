package io.hashring.testkit;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Live kit: native xmemcached")
class XmemcachedLiveKitTest extends LiveKit {
    @Override
    protected ClientFactory clientFactory() {
        return new XmemcachedFactory();
    }

    /** Measured failures of plain xmemcached 2.4.8; each is asserted to still fail. */
    @Override
    public Map<Rules, String> expectedFailures() {
        return Map.of(
                Rules.R2_8, "key checks reject spaces and line breaks but send tab, 0x01 and 0x7f keys, which memcached stores");
    }
}
