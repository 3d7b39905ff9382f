package io.hashring.xmemcached;

import io.hashring.client.FailoverPolicy;
import io.hashring.testkit.TestkitSettings;
import io.hashring.testkit.client.AdapterChecks;
import java.util.List;

/** The checks both adapters share (rejected changes, failover TTL cap), on this adapter. */
class XmemcachedAdapterChecksTest extends AdapterChecks<HashringXMemcachedClient> {

    @Override
    protected HashringXMemcachedClient open(List<String> addresses, FailoverPolicy failover) throws Exception {
        // not 1000 ms: xmemcached's reactor can hold a write for its 1000 ms select wait (TestkitSettings.opTimeout())
        return HashringXmemcached.builder().servers(String.join(",", addresses)).failover(failover)
                .configure(b -> b.setOpTimeout(TestkitSettings.opTimeout().toMillis())).build();
    }

    @Override
    protected boolean set(HashringXMemcachedClient client, String key, int exp, String value) throws Exception {
        return client.set(key, exp, value);
    }

    @Override
    protected String get(HashringXMemcachedClient client, String key) throws Exception {
        return client.get(key);
    }

    @Override
    protected boolean delete(HashringXMemcachedClient client, String key) throws Exception {
        return client.delete(key);
    }

    @Override
    protected int available(HashringXMemcachedClient client) {
        return client.getAvailableServers().size();
    }

    @Override
    protected void close(HashringXMemcachedClient client) throws Exception {
        client.shutdown();
    }
}
