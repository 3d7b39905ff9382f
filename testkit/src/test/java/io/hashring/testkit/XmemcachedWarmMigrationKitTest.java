package io.hashring.testkit;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.DisplayName;

/** Plain xmemcached 2.4.8 has no warm migration: every R4 rule is declared, and checked, to fail. */
@DisplayName("Warm migration kit: native xmemcached")
class XmemcachedWarmMigrationKitTest extends WarmMigrationKit {
    @Override
    protected ClientFactory clientFactory() {
        return NativeClients.xmemcached();
    }

    /** Without warm migration to begin with, the client is its own comparison: R4.5 must fail. */
    @Override
    protected Optional<ClientFactory> withoutWarmMigration() {
        return Optional.of(NativeClients.xmemcached());
    }

    @Override
    public Map<Rules, String> expectedFailures() {
        String why = "no warm migration: a moved key's value stays on its old server, unread";
        return Map.of(
                Rules.R4_1, why + " (about 62% of keys stay readable growing 8 to 13)",
                Rules.R4_2, why + " (the removed servers' keys miss)",
                Rules.R4_3, "writes after a change leave the old server's older copy in place (and keys nobody rewrote are lost)",
                Rules.R4_4, why + " (moved keys of live old servers miss too)",
                Rules.R4_5, why + " (its hit rate drops to about 1 - m after each change, as without warm migration)");
    }
}
