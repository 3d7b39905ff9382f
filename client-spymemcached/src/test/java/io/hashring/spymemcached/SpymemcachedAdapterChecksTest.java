package io.hashring.spymemcached;

import io.hashring.client.FailoverPolicy;
import io.hashring.testkit.client.AdapterChecks;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.ConnectionFactoryBuilder;

/** The checks both adapters share (rejected changes, failover TTL cap), on this adapter. */
class SpymemcachedAdapterChecksTest extends AdapterChecks<HashringMemcachedClient> {

    @Override
    protected HashringMemcachedClient open(List<String> addresses, FailoverPolicy failover) throws Exception {
        return HashringSpymemcached.builder().servers(String.join(",", addresses)).failover(failover)
                .connectionFactory(new ConnectionFactoryBuilder().setOpTimeout(1000)).build();
    }

    @Override
    protected boolean set(HashringMemcachedClient client, String key, int exp, String value) throws Exception {
        return Boolean.TRUE.equals(client.set(key, exp, value).get(2, TimeUnit.SECONDS));
    }

    @Override
    protected String get(HashringMemcachedClient client, String key) {
        return (String) client.get(key);
    }

    @Override
    protected boolean delete(HashringMemcachedClient client, String key) throws Exception {
        return Boolean.TRUE.equals(client.delete(key).get(2, TimeUnit.SECONDS));
    }

    @Override
    protected int available(HashringMemcachedClient client) {
        return client.getAvailableServers().size();
    }

    @Override
    protected void close(HashringMemcachedClient client) {
        client.shutdown(2, TimeUnit.SECONDS);
    }
}
