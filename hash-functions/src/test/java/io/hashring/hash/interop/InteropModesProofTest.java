package io.hashring.hash.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every built-in mode says how it is verified, and the in-process claims match the tests that make them. */
class InteropModesProofTest {

    /** Modes compared with the client's own classes: JavaPeersInProcessTest, XmemcachedRealSessionsTest, FolsomInProcessTest. */
    static final List<String> IN_PROCESS = List.of("spymemcached-ketama", "spymemcached-ketama-libmemcached",
            "spymemcached-arraymod", "xmemcached-ketama", "xmemcached-ketama-nginx", "xmemcached-ketama-gwhalin",
            "xmemcached-libmemcached", "xmemcached-election", "xmemcached-array", "folsom-ketama");

    /** Modes checked against their upstream's own reference data: UpstreamFactsTest, MemcachedProxyUpstreamFactsTest. */
    static final List<String> UPSTREAM_FACTS = List.of("libketama", "hash_ring", "mcrouter-ch3", "mcrouter-weighted-ch3", "mcrouter-weighted-ch4",
            "mcrouter-rendezvous", "mcrouter-const-shard", "mcrouter-crc32",
            "memcached-proxy-jump", "memcached-proxy-ring", "memcached-proxy-ring-ketama", "memcached-proxy-ring-twemproxy",
            "memcached-proxy-ring-evcache");

    @Test
    @DisplayName("every built-in mode names its proof and what ran; none is unverified")
    void everyModeSaysHowItIsVerified() {
        for (InteropMode mode : InteropModes.all()) {
            assertThat(mode.verification()).as("verification of %s", mode.name()).isNotEqualTo(Verification.NONE);
            assertThat(mode.verifiedBy()).as("verifiedBy of %s", mode.name()).isNotBlank();
            assertThat(mode.limits()).as("limits of %s", mode.name()).isNotNull();
        }
    }

    @Test
    @DisplayName("in-process and upstream-facts claims are exactly the modes those tests cover")
    void inProcessAndUpstreamClaimsMatchTheTests() {
        assertThat(InteropModes.all().stream().filter(m -> m.verification() == Verification.IN_PROCESS).map(InteropMode::name))
                .containsExactlyInAnyOrderElementsOf(IN_PROCESS);
        assertThat(InteropModes.all().stream().filter(m -> m.verification() == Verification.UPSTREAM_FACTS).map(InteropMode::name))
                .containsExactlyInAnyOrderElementsOf(UPSTREAM_FACTS);
    }
}
