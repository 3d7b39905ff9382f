package io.hashring.client;

import io.hashring.hash.interop.Server;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client's health thread: every {@link #tick()} it lets the adapter report polled failure
 * signals ({@link Binding#poll()}), and probes every ejected server whose probe is due
 * ({@link EjectionState#probeDue()}): a {@code version} request over a short connection of its
 * own, bounded by the probe timeout (connect and answer). On success it first cleans up what
 * failed over from that server ({@link FailoverLedger}: deletes the remembered keys on it, twice,
 * 100 ms apart, or flushes it), then readmits it, then deletes the keys' copies on the servers that
 * took them; on any failure the server stays
 * ejected and is probed again after {@link EjectionPolicy#ejectFor()}.
 *
 * <p>One daemon thread per client, named {@code hashring-health-N}, started by {@link #start} and
 * ended by {@link #close()} (the adapters close it when the client shuts down). Probes are
 * sequential, so a probe of a hung server delays the others by at most the probe timeout. Each
 * probe opens and closes one socket (two or more with a cleanup): no descriptor outlives it.
 */
public final class HealthMonitor implements AutoCloseable {

    /** What the monitor needs from an adapter. */
    public interface Binding {
        /** The client's current routing snapshot (servers and health by node index). */
        RoutingSnapshot<?> snapshot();

        /** Reports failure signals the adapter polls (for spymemcached: its per-node timeout counters). Health thread only. */
        default void poll() {
        }

        /**
         * Called on the health thread right after {@code server} was readmitted, so the adapter can
         * reconnect it now rather than on its library's own schedule.
         */
        default void readmitted(Server server) {
        }
    }

    private static final AtomicInteger THREADS = new AtomicInteger();
    /** How often the thread runs at most: often enough that polled timeouts and due probes wait little. */
    static final long TICK_MILLIS = 50;
    /** The wait before the second delete pass of a cleanup. */
    static final long SECOND_PASS_DELAY_MILLIS = 100;

    private final Binding binding;
    private final FailoverLedger ledger;
    private final int probeTimeoutMillis;
    private final Thread thread;
    private volatile boolean running = true;

    private HealthMonitor(Binding binding, FailoverLedger ledger, Duration probeTimeout) {
        this.binding = Objects.requireNonNull(binding, "binding");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        long ms = Objects.requireNonNull(probeTimeout, "probeTimeout").toMillis();
        if (ms < 1) {
            throw new IllegalArgumentException("probeTimeout must be at least 1 ms, was " + probeTimeout);
        }
        this.probeTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, ms);
        this.thread = new Thread(this::run, "hashring-health-" + THREADS.incrementAndGet());
        this.thread.setDaemon(true);
    }

    /**
     * Starts a monitor for one client.
     *
     * @param probeTimeout how long a probe may take to connect and to answer (the adapters pass the operation timeout)
     */
    public static HealthMonitor start(Binding binding, FailoverLedger ledger, Duration probeTimeout) {
        HealthMonitor m = new HealthMonitor(binding, ledger, probeTimeout);
        m.thread.start();
        return m;
    }

    /** A monitor whose thread is not started: tests call {@link #tick()} themselves. */
    static HealthMonitor unstarted(Binding binding, FailoverLedger ledger, Duration probeTimeout) {
        return new HealthMonitor(binding, ledger, probeTimeout);
    }

    private void run() {
        while (running) {
            try {
                tick();
                TimeUnit.MILLISECONDS.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // a snapshot changing under a tick: the next tick reads the new one
            }
        }
    }

    /** One pass: polled signals, then every due probe. */
    void tick() {
        binding.poll();
        RoutingSnapshot<?> s = binding.snapshot();
        for (int i = 0; i < s.size() && running; i++) {
            EjectionState st = s.health(i);
            if (st.probeDue()) {
                probeAndReadmit(s, s.server(i), st);
            }
        }
    }

    private void probeAndReadmit(RoutingSnapshot<?> s, Server server, EjectionState st) {
        FailoverLedger.Cleanup cleanup = ledger.take(server.id());
        try (Socket socket = open(server)) {
            BufferedReader in = reader(socket);
            OutputStream out = socket.getOutputStream();
            out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = in.readLine();
            if (line == null || !line.startsWith("VERSION ")) {
                throw new IOException("unexpected answer to version: " + line);
            }
            if (cleanup.flushOwner()) {
                command(in, out, "flush_all\r\n", 1);
            } else if (!cleanup.keys().isEmpty()) {
                deleteAll(in, out, cleanup.keys());
                // A server that was paused may still be executing writes the client sent before it
                // was ejected (buffered on the client's old connection, timed out, applied late and
                // in no fixed order with this connection's deletes): delete once more after they
                // had a moment to land. Narrows that race; does not close it (client/FAULTS.md).
                Thread.sleep(SECOND_PASS_DELAY_MILLIS);
                deleteAll(in, out, cleanup.keys());
            }
        } catch (InterruptedException e) {
            ledger.restore(server.id(), cleanup);
            Thread.currentThread().interrupt();
            return;
        } catch (IOException | RuntimeException e) {
            ledger.restore(server.id(), cleanup);
            st.probeFailed();
            return;
        }
        st.readmit();
        try {
            binding.readmitted(server);
        } catch (RuntimeException ignored) {
            // the library reconnects on its own schedule then
        }
        // Copies left on the servers that took the owner's writes: deleted after the readmission, so a
        // later failover of the owner cannot read them. Best effort; the TTL cap bounds what is missed.
        for (Map.Entry<String, List<String>> e : cleanup.landedOn().entrySet()) {
            if (s.contains(e.getKey())) {
                Server landed = s.server(s.indexOfId(e.getKey()));
                try (Socket socket = open(landed)) {
                    deleteAll(reader(socket), socket.getOutputStream(), e.getValue());
                } catch (IOException | RuntimeException ignored) {
                    // that server is failing itself: its copies expire within the TTL cap
                }
            }
        }
    }

    private Socket open(Server server) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(server.host(), server.port()), probeTimeoutMillis);
            socket.setSoTimeout(probeTimeoutMillis);
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** Pipelines one delete per key and reads every answer (DELETED or NOT_FOUND). */
    private static void deleteAll(BufferedReader in, OutputStream out, List<String> keys) throws IOException {
        final int batch = 256;
        for (int from = 0; from < keys.size(); from += batch) {
            List<String> part = keys.subList(from, Math.min(keys.size(), from + batch));
            StringBuilder sb = new StringBuilder(part.size() * 32);
            for (String k : part) {
                sb.append("delete ").append(k).append("\r\n");
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            for (int i = 0; i < part.size(); i++) {
                String line = in.readLine();
                if (line == null || !(line.equals("DELETED") || line.equals("NOT_FOUND"))) {
                    throw new IOException("unexpected answer to delete: " + line);
                }
            }
        }
    }

    private static void command(BufferedReader in, OutputStream out, String cmd, int answers) throws IOException {
        out.write(cmd.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (int i = 0; i < answers; i++) {
            String line = in.readLine();
            if (line == null || !line.equals("OK")) {
                throw new IOException("unexpected answer to " + cmd.trim() + ": " + line);
            }
        }
    }

    /** The thread's name (for thread-leak checks). */
    public String threadName() {
        return thread.getName();
    }

    /** Stops the thread and waits for it (at most the probe timeout plus a tick). Idempotent. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(probeTimeoutMillis + 2 * TICK_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
