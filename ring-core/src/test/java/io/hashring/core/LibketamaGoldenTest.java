package io.hashring.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Upstream libketama's own golden check (RJ/ketama {@code libketama/test.sh}): {@code ketama_test}
 * prints, for keys "0".."999999" over {@code ketama.servers}, an empty line and then
 * {@code "<keyhash> <point> <address>"} per key; the MD5 of that output must be
 * {@code 5672b131391f5aa2b280936aec1eea74}.
 */
class LibketamaGoldenTest {

    private static final String UPSTREAM_DIGEST = "5672b131391f5aa2b280936aec1eea74";

    @Test
    void reproducesUpstreamTestShDigestForAMillionKeys() throws Exception {
        // ketama.servers from the libketama distribution: address, memory (MB).
        Ring<String> ring = Ring.of(RingConfig.libketama(), List.of(
                Node.of("10.0.1.1:11211", 600), Node.of("10.0.1.2:11211", 300),
                Node.of("10.0.1.3:11211", 200), Node.of("10.0.1.4:11211", 350),
                Node.of("10.0.1.5:11211", 1000), Node.of("10.0.1.6:11211", 800),
                Node.of("10.0.1.7:11211", 950), Node.of("10.0.1.8:11211", 100)));
        assertThat(ring.points()).as("libketama's continuum for ketama.servers has 1264 points").isEqualTo(1264);

        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update("\n".getBytes(StandardCharsets.US_ASCII));
        StringBuilder line = new StringBuilder(64);
        for (int k = 0; k < 1_000_000; k++) {
            String key = Integer.toString(k);
            int h = ring.hashFunction().hash(key);
            Ring.Point<String> p = ring.pointAt(h);
            line.setLength(0);
            line.append(Integer.toUnsignedString(h)).append(' ')
                    .append(Integer.toUnsignedString(p.value())).append(' ')
                    .append(p.owner().id()).append('\n');
            md5.update(line.toString().getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(hex(md5.digest())).as("MD5 of ketama_test output").isEqualTo(UPSTREAM_DIGEST);
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }
}
