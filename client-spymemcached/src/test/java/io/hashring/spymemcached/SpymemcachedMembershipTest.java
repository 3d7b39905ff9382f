package io.hashring.spymemcached;

import io.hashring.client.membership.MembershipListener;
import io.hashring.client.membership.MembershipSource;
import io.hashring.testkit.client.MembershipChecks;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.ConnectionFactoryBuilder;

/** Membership (file and DNS sources) on this adapter; the scenarios are the testkit's. */
class SpymemcachedMembershipTest extends MembershipChecks<HashringMemcachedClient> {

    @Override
    protected HashringMemcachedClient open(MembershipSource source, MembershipListener listener) throws Exception {
        return HashringSpymemcached.builder().membership(source, listener)
                .connectionFactory(new ConnectionFactoryBuilder().setOpTimeout(1000)).build();
    }

    @Override
    protected boolean set(HashringMemcachedClient client, String key, String value) throws Exception {
        return Boolean.TRUE.equals(client.set(key, 0, value).get(2, TimeUnit.SECONDS));
    }

    @Override
    protected String get(HashringMemcachedClient client, String key) {
        return (String) client.get(key);
    }

    @Override
    protected void close(HashringMemcachedClient client) {
        client.shutdown(2, TimeUnit.SECONDS);
    }
}
