package io.hashring.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The testkit's knobs, read from system properties (set them in surefire's
 * {@code systemPropertyVariables} or with {@code -D} on the command line). Every timeout here is a
 * bound that detects a hang, never a performance threshold: raising it only makes a failing run
 * take longer to report.
 *
 * <table>
 * <caption>Properties</caption>
 * <tr><th>property</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code hashring.testkit.servers}</td><td>(unset)</td><td>{@code host:port,...}: run the live kits
 *     against these existing loopback servers instead of starting processes; fault rules are skipped</td></tr>
 * <tr><td>{@code hashring.testkit.basePort}</td><td>23000</td><td>started server {@code i} listens on
 *     {@code basePort + i} (below the usual ephemeral range 32768-60999), so a build's server identities, and
 *     every figure that depends on them, are the same each run; a busy port falls back to a free random one,
 *     which the report says ({@link MemcachedCluster#portPlan()})</td></tr>
 * <tr><td>{@code hashring.testkit.startTimeoutMs}</td><td>10000</td><td>how long a started memcached may take to answer {@code version}</td></tr>
 * <tr><td>{@code hashring.testkit.ioTimeoutMs}</td><td>2000</td><td>socket timeout of the testkit's own text-protocol probes</td></tr>
 * <tr><td>{@code hashring.testkit.opTimeoutMs}</td><td>2500</td><td>the operation timeout the kits ask clients under test to use;
 *     see {@link #opTimeout()} for why it is not lower</td></tr>
 * <tr><td>{@code hashring.testkit.hangTimeoutMs}</td><td>15000</td><td>a call that has not returned after this long is reported as a hang</td></tr>
 * <tr><td>{@code hashring.testkit.recoveryTimeoutMs}</td><td>20000</td><td>how long a client may take to notice a restarted or added server</td></tr>
 * <tr><td>{@code hashring.testkit.noticeTimeoutMs}</td><td>5000</td><td>how long a rule waits, after killing a server, for the client to report the lost connection before writing</td></tr>
 * <tr><td>{@code hashring.testkit.loadSeconds}</td><td>4</td><td>length of the load kit's workload</td></tr>
 * <tr><td>{@code hashring.testkit.seed}</td><td>20250101</td><td>seed for generated keys (recorded in the report)</td></tr>
 * <tr><td>{@code hashring.testkit.reportDir}</td><td>{@code target/hashring-testkit}</td><td>where report.json and report.html go</td></tr>
 * </table>
 */
public final class TestkitSettings {

    private TestkitSettings() {
    }

    /** Existing servers to use instead of starting processes; empty when unset. */
    public static List<String> externalServers() {
        String raw = System.getProperty("hashring.testkit.servers", "").trim();
        if (raw.isEmpty()) {
            return List.of();
        }
        return List.of(raw.split("\\s*,\\s*"));
    }

    /** The preferred port of started server 0; see {@link MemcachedCluster#portPlan()}. */
    public static int basePort() {
        long v = positive("hashring.testkit.basePort", 23_000);
        if (v < 1024 || v > 65_000) {
            throw new IllegalArgumentException("hashring.testkit.basePort must be 1024..65000, was " + v);
        }
        return (int) v;
    }

    public static Duration startTimeout() {
        return millis("hashring.testkit.startTimeoutMs", 10_000);
    }

    public static Duration ioTimeout() {
        return millis("hashring.testkit.ioTimeoutMs", 2_000);
    }

    /**
     * The operation timeout the kits ask clients to use, default 2500 ms (spymemcached's own default,
     * {@code DefaultConnectionFactory.DEFAULT_OPERATION_TIMEOUT}). It detects hangs, so it must lie above
     * the slowest normal reply of the clients under test: xmemcached's reactor
     * ({@code com.google.code.yanf4j.nio.impl.Reactor}) can miss a selector wakeup and then writes the
     * queued command only when its {@code select(DEFAULT_WAIT = 1000 ms)} returns, so an occasional
     * operation on an idle, healthy server takes just over 1000 ms (measured: 2 of 24,000 sequential
     * sets on loopback, none between 100 and 1000 ms). A 1000 ms timeout turned that recovery into
     * failures of unrelated rules.
     */
    public static Duration opTimeout() {
        return millis("hashring.testkit.opTimeoutMs", 2_500);
    }

    public static Duration hangTimeout() {
        return millis("hashring.testkit.hangTimeoutMs", 15_000);
    }

    /** How long a rule waits after a kill for the client to report the lost connection; see {@code ClientUnderTest.connected()}. */
    public static Duration noticeTimeout() {
        return millis("hashring.testkit.noticeTimeoutMs", 5_000);
    }

    public static Duration recoveryTimeout() {
        return millis("hashring.testkit.recoveryTimeoutMs", 20_000);
    }

    public static Duration loadDuration() {
        return Duration.ofSeconds(positive("hashring.testkit.loadSeconds", 4));
    }

    public static long seed() {
        String raw = System.getProperty("hashring.testkit.seed", "20250101").trim();
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hashring.testkit.seed must be a whole number, was '" + raw + "'", e);
        }
    }

    public static java.nio.file.Path reportDir() {
        return java.nio.file.Path.of(System.getProperty("hashring.testkit.reportDir", "target/hashring-testkit"));
    }

    private static Duration millis(String name, long fallback) {
        return Duration.ofMillis(positive(name, fallback));
    }

    private static long positive(String name, long fallback) {
        String raw = System.getProperty(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            long v = Long.parseLong(raw.trim().toLowerCase(Locale.ROOT));
            if (v <= 0) {
                throw new IllegalArgumentException(name + " must be positive, was " + raw);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive whole number, was '" + raw + "'", e);
        }
    }
}
