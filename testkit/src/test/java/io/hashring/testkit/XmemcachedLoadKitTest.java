package io.hashring.testkit;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Load kit: native xmemcached")
class XmemcachedLoadKitTest extends LoadKit {
    @Override
    protected ClientFactory clientFactory() {
        return NativeClients.xmemcached();
    }
}
