package io.hashring.testkit;

import java.util.Map;

import org.junit.jupiter.api.DisplayName;

@DisplayName("Live kit: native spymemcached")
class SpymemcachedLiveKitTest extends LiveKit {
    @Override
    protected ClientFactory clientFactory() {
        return new SpymemcachedFactory();
    }

    /** Measured failures of plain spymemcached 2.12.3; each is asserted to still fail. */
    @Override
    public Map<Rules, String> expectedFailures() {
        return Map.of(
                Rules.R2_5, "FailureMode.Redistribute walks KetamaIterator, which rehashes the key ('0'+key, '1'+key, ...) "
                        + "instead of taking the next distinct server on the ring (INTEROP.md 3.1e)",
                Rules.R2_8, "StringUtils.validateKey rejects only space, \\n, \\r and NUL in text keys: tab, 0x01 and 0x7f "
                        + "keys are sent and stored");
    }
}
