package io.hashring.xmemcached;

import io.hashring.client.membership.MembershipListener;
import io.hashring.client.membership.MembershipSource;
import io.hashring.testkit.TestkitSettings;
import io.hashring.testkit.client.MembershipChecks;

/** Membership (file and DNS sources) on this adapter; the scenarios are the testkit's. */
class XmemcachedMembershipTest extends MembershipChecks<HashringXMemcachedClient> {

    @Override
    protected HashringXMemcachedClient open(MembershipSource source, MembershipListener listener) throws Exception {
        // not 1000 ms: xmemcached's reactor can hold a write for its 1000 ms select wait (TestkitSettings.opTimeout())
        return HashringXmemcached.builder().membership(source, listener)
                .configure(b -> b.setOpTimeout(TestkitSettings.opTimeout().toMillis())).build();
    }

    @Override
    protected boolean set(HashringXMemcachedClient client, String key, String value) throws Exception {
        return client.set(key, 0, value);
    }

    @Override
    protected String get(HashringXMemcachedClient client, String key) throws Exception {
        return client.get(key);
    }

    @Override
    protected void close(HashringXMemcachedClient client) throws Exception {
        client.shutdown();
    }
}
