package io.hashring.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A restarted server never adopts another process that took its port meanwhile (another build's
 * server, say): memcached's {@code stats pid} must be the started process's, else the restart fails
 * naming the port. Seen as keys acknowledged by the client and gone from the server a moment later.
 */
@DisplayName("A restart onto a port another process holds")
class ForeignPortTest {

    @Test
    @DisplayName("fails naming the port instead of treating the other process as the restarted server")
    void restartRefusesAForeignProcess() throws Exception {
        String before = System.getProperty("hashring.testkit.startTimeoutMs");
        System.setProperty("hashring.testkit.startTimeoutMs", "1500");
        try (MemcachedCluster cluster = MemcachedCluster.start(1)) {
            MemcachedServer s = cluster.server(0);
            s.kill();
            List<String> cmd = new ArrayList<>(List.of(MemcachedBinary.locate().toString(), "-l", s.host(), "-p",
                    Integer.toString(s.port()), "-U", "0", "-m", "8"));
            if ("root".equals(System.getProperty("user.name"))) {
                cmd.addAll(List.of("-u", "root"));
            }
            Process foreign = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!answers(s) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(answers(s)).as("the foreign memcached answers on %s", s.address()).isTrue();
                assertThatThrownBy(s::restart).hasMessageContaining("cannot restart memcached on " + s.address())
                        .hasMessageContaining("port stayed in use");
            } finally {
                foreign.destroyForcibly();
                foreign.waitFor(5, TimeUnit.SECONDS);
            }
        } finally {
            if (before == null) {
                System.clearProperty("hashring.testkit.startTimeoutMs");
            } else {
                System.setProperty("hashring.testkit.startTimeoutMs", before);
            }
        }
    }

    private static boolean answers(MemcachedServer s) {
        try {
            s.version();
            return true;
        } catch (RuntimeException notYet) {
            return false;
        }
    }
}
