package io.hashring.testkit;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Load kit: native spymemcached")
class SpymemcachedLoadKitTest extends LoadKit {
    @Override
    protected ClientFactory clientFactory() {
        return NativeClients.spymemcached();
    }
}
