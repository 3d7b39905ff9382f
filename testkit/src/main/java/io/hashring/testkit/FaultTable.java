package io.hashring.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The fault table: one client, 4 real memcached, one sequential set-then-get workload over 300 keys
 * (opTimeout {@link FaultKit#OP_TIMEOUT}), and four faults on one server in turn: kill (it stays
 * dead), pause (SIGSTOP for 5 s, then SIGCONT), connection drop ({@code ss -K} every 100 ms for 2 s,
 * the server keeps its data) and restart (kill, fresh process after 3 s). One markdown row per fault
 * is appended to {@code target/hashring-testkit/fault-table.md}.
 *
 * <p>Columns: <b>errors</b>, operations that threw; <b>time to eject</b>, from the fault until calls
 * on the server's keys stopped failing or waiting (the first of 10 consecutive calls on its keys that
 * each succeeded within half the operation timeout); <b>time to recover</b>, from the server's return
 * (SIGCONT, the last drop, the restart) until a write of one of its keys landed on it; <b>stale
 * reads</b>, gets that returned an older value than the key's latest acknowledged write (each
 * call reads a key, then writes it, so a read sees what was written a pass earlier, possibly during
 * the outage; the run goes on 2 s past the recovery so every key is read after it);
 * <b>wrong-node reads</b>, gets of the server's keys after it recovered that returned a value it does
 * not hold (served by another server). Runs only with {@code -Dhashring.faultTable=true}.
 */
@MemcachedNodes(count = 4)
@DisplayName("Fault table")
public abstract class FaultTable extends ClientKitSupport {

    /** Filled by {@link MemcachedNodes}. */
    protected MemcachedCluster cluster;

    @Override
    public final String kitName() {
        return "fault-table";
    }

    @Override
    MemcachedCluster cluster() {
        return cluster;
    }

    /** One row. */
    record Row(String client, String fault, int ops, int errors, long ejectMs, long recoverMs, int stale, int wrongNode) {
        String markdown() {
            return "| " + client + " | " + fault + " | " + ops + " | " + errors + " | " + ms(ejectMs) + " | " + ms(recoverMs)
                    + " | " + stale + " | " + wrongNode + " |";
        }

        private static String ms(long v) {
            return v < 0 ? "-" : v + " ms";
        }
    }

    @Test
    @DisplayName("kill, pause, connection drop and restart, one row each")
    void faultTable() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("hashring.faultTable"), "runs with -Dhashring.faultTable=true");
        cluster.assumeProcessControl("injects faults");
        List<Row> rows = new ArrayList<>();
        for (String fault : List.of("kill", "pause", "drop", "restart")) {
            cluster.reset();
            rows.add(run(fault));
            closeClients();
        }
        Path out = TestkitSettings.reportDir().resolve("fault-table.md");
        Files.createDirectories(out.getParent());
        StringBuilder sb = new StringBuilder();
        rows.forEach(r -> sb.append(r.markdown()).append('\n'));
        Files.writeString(out, sb.toString(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private Row run(String fault) {
        List<String> addresses = cluster.addresses().subList(0, 4);
        ClientUnderTest client = client(new ClientConfig(addresses.stream().map(ServerSpec::of).toList(),
                ClientConfig.Routing.KETAMA, FaultKit.OP_TIMEOUT));
        List<String> keys = TestKeys.random("table-" + fault, 300, 12);
        writeAll(client, keys);
        Map<String, String> holder = holders(keys);
        MemcachedServer victim = cluster.server(addresses.get(1));
        List<String> victimKeys = keys.stream().filter(k -> victim.address().equals(holder.get(k))).toList();
        Map<String, Integer> acked = new HashMap<>();
        keys.forEach(k -> acked.put(k, 0));
        long quick = FaultKit.OP_TIMEOUT.toNanos() / 2;
        int[] seq = {0};
        int ops = 0;
        int errors = 0;
        int stale = 0;
        int wrongNode = 0;
        long t0 = System.nanoTime();
        long returnedAt = -1;
        long ejectedAt = -1;
        long recoveredAt = -1;
        int quickStreak = 0;
        long streakStart = -1;
        long lastDrop = 0;
        switch (fault) {
            case "kill", "restart" -> victim.kill();
            case "pause" -> victim.pause();
            case "drop" -> FaultKit.dropConnections(victim);
            default -> throw new IllegalArgumentException(fault);
        }
        long end = t0 + TimeUnit.SECONDS.toNanos(20);
        for (int i = 0; System.nanoTime() < end; i++) {
            long now = System.nanoTime();
            long sinceFault = now - t0;
            if (returnedAt < 0) {
                if (fault.equals("pause") && sinceFault > TimeUnit.SECONDS.toNanos(5)) {
                    victim.resume();
                    returnedAt = System.nanoTime();
                } else if (fault.equals("restart") && sinceFault > TimeUnit.SECONDS.toNanos(3)) {
                    victim.restart();
                    returnedAt = System.nanoTime();
                } else if (fault.equals("drop")) {
                    if (sinceFault > TimeUnit.SECONDS.toNanos(2)) {
                        returnedAt = System.nanoTime();
                    } else if (now - lastDrop > TimeUnit.MILLISECONDS.toNanos(100)) {
                        FaultKit.dropConnections(victim);
                        lastDrop = now;
                    }
                }
            }
            boolean done = ejectedAt >= 0 && (fault.equals("kill") ? sinceFault > TimeUnit.SECONDS.toNanos(4)
                    : recoveredAt >= 0 && System.nanoTime() - recoveredAt > TimeUnit.SECONDS.toNanos(2));
            if (done) {
                break;
            }
            boolean onVictim = i % 2 == 0; // half the calls on the faulty server's keys
            List<String> pool = onVictim ? victimKeys : keys;
            String k = pool.get((i / 2) % pool.size());
            int s = ++seq[0];
            long start = System.nanoTime();
            // Read first, then write: the read sees what the previous pass wrote (during the outage,
            // for keys written then), so a returning server's older copy shows as a stale read.
            Result r = attempt(() -> client.get(k));
            ops++;
            if (r.error() != null) {
                errors++;
            } else if (r.value() instanceof String v) {
                int got = v.startsWith("s") ? Integer.parseInt(v.substring(1)) : 0; // 0: the value writeAll stored
                if (got < acked.get(k)) {
                    stale++;
                }
                if (onVictim && recoveredAt >= 0 && !v.equals(victim.get(k))) {
                    wrongNode++;
                }
            }
            Result w = attempt(() -> client.set(k, "s" + s));
            ops++;
            boolean wOk = w.error() == null && Boolean.TRUE.equals(w.value());
            if (w.error() != null) {
                errors++;
            }
            if (wOk) {
                acked.put(k, s);
            }
            if (onVictim && returnedAt >= 0 && recoveredAt < 0 && wOk && ("s" + s).equals(victim.get(k))) {
                recoveredAt = System.nanoTime();
            }
            long took = System.nanoTime() - start;
            if (onVictim) {
                boolean fine = w.error() == null && r.error() == null && took < quick;
                if (fine) {
                    if (quickStreak++ == 0) {
                        streakStart = start;
                    }
                    if (quickStreak >= 10 && ejectedAt < 0) {
                        ejectedAt = streakStart;
                    }
                } else {
                    quickStreak = 0;
                }
            }
        }
        if (returnedAt < 0 && fault.equals("pause")) {
            victim.resume();
        }
        long ejectMs = ejectedAt < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(Math.max(0, ejectedAt - t0));
        long recoverMs = recoveredAt < 0 || returnedAt < 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(recoveredAt - returnedAt);
        return new Row(factory().name(), fault, ops, errors, ejectMs, recoverMs, stale, wrongNode);
    }
}
