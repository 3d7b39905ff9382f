package io.hashring.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One memcached server a test talks to: either a process the testkit started on
 * {@code 127.0.0.1:port} ({@code memcached -l 127.0.0.1 -p PORT -U 0 -m 64}), which the test can
 * {@linkplain #kill() kill}, {@linkplain #pause() pause}, {@linkplain #resume() resume},
 * {@linkplain #restart() restart} and {@linkplain #stop() stop}; or an existing server named by
 * {@code hashring.testkit.servers}, which it can only probe.
 *
 * <p>The probe methods ({@link #get}, {@link #set}, {@link #keysHeld}, {@link #stats}, ...) speak the
 * text protocol directly to this one server, so a test can see where a client really put a key.
 * Process control methods are synchronized; probes open their own short connection per call and
 * are bounded by {@link TestkitSettings#ioTimeout()}.
 */
public final class MemcachedServer {

    /** Lifecycle of a started process. External servers are always {@link #RUNNING} as far as the testkit knows. */
    public enum State {
        RUNNING, PAUSED, KILLED, STOPPED
    }

    private final int index;
    private final String host;
    private final int port;
    private final Path binary;
    private final TextProbe probe;
    private Process process;
    private Path stderr;
    private volatile State state;

    private MemcachedServer(int index, String host, int port, Path binary) {
        this.index = index;
        this.host = host;
        this.port = port;
        this.binary = binary;
        this.probe = new TextProbe(host, port, TestkitSettings.ioTimeout());
        this.state = binary == null ? State.RUNNING : State.STOPPED;
    }

    /** Starts a process on {@code port}; throws {@link PortTakenException} if the port is in use. */
    static MemcachedServer start(int index, int port, Path binary) {
        return start(index, "127.0.0.1", port, binary);
    }

    /** Starts a process on {@code host:port} (a loopback address); throws {@link PortTakenException} if it is in use. */
    static MemcachedServer start(int index, String host, int port, Path binary) {
        MemcachedServer server = new MemcachedServer(index, host, port, binary);
        server.launch();
        return server;
    }

    /** An existing server the testkit does not control. */
    static MemcachedServer external(int index, String host, int port) {
        MemcachedServer server = new MemcachedServer(index, host, port, null);
        try {
            server.probe.version();
        } catch (IOException e) {
            throw new IllegalStateException("hashring.testkit.servers names " + server.address()
                    + ", which does not answer 'version': " + e.getMessage(), e);
        }
        return server;
    }

    // ------------------------------------------------------------------ identity

    /** Position in the cluster, from 0. */
    public int index() {
        return index;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** {@code host:port}, the identity clients are configured with. */
    public String address() {
        return host + ":" + port;
    }

    public State state() {
        return state;
    }

    /** Whether the testkit started this process and may signal it. */
    public boolean isControlled() {
        return binary != null;
    }

    /** The process id while a process is running or paused. */
    public synchronized OptionalLong pid() {
        return process != null && process.isAlive() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    // ------------------------------------------------------------------ faults

    /** Applies a fault; see {@link Fault}. */
    public void inject(Fault fault) {
        if (fault instanceof Fault.Kill) {
            kill();
        } else if (fault instanceof Fault.Pause) {
            pause();
        } else if (fault instanceof Fault.Resume) {
            resume();
        } else if (fault instanceof Fault.Restart) {
            restart();
        } else {
            throw new IllegalArgumentException("unknown fault " + fault); // unreachable: Fault is sealed
        }
    }

    /** SIGKILL (a paused process is resumed first); waits until the process is gone. */
    public synchronized void kill() {
        requireControl("kill");
        if (process == null || !process.isAlive()) {
            state = State.KILLED;
            return;
        }
        destroy(true);
        state = State.KILLED;
    }

    /** SIGSTOP: the process stops answering; its sockets stay open. */
    public synchronized void pause() {
        requireControl("pause");
        requireAlive("pause");
        if (state != State.PAUSED) {
            Signals.send(process.pid(), "STOP");
            state = State.PAUSED;
            awaitStopped(process.pid());
        }
    }

    /**
     * SIGSTOP is delivered asynchronously: kill returns before every thread of the process has
     * stopped, and a request sent in that moment is still answered. Waits (at most 2 s, polling
     * {@code /proc/PID/task/*}/stat) until every thread reports state {@code T}; where /proc is not
     * readable it returns at once.
     */
    private static void awaitStopped(long pid) {
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc", Long.toString(pid), "task");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
        for (int polls = 0; polls < 2_000 && System.nanoTime() < deadline; polls++) {
            boolean allStopped = true;
            try (java.util.stream.Stream<java.nio.file.Path> threads = java.nio.file.Files.list(tasks)) {
                for (java.nio.file.Path t : (Iterable<java.nio.file.Path>) threads::iterator) {
                    String stat = java.nio.file.Files.readString(t.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    char st = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : 'T';
                    if (st != 'T' && st != 't') {
                        allStopped = false;
                        break;
                    }
                }
            } catch (java.io.IOException | java.io.UncheckedIOException unreadable) {
                return;
            }
            if (allStopped) {
                return;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** SIGCONT after {@link #pause()}. */
    public synchronized void resume() {
        requireControl("resume");
        requireAlive("resume");
        if (state == State.PAUSED) {
            Signals.send(process.pid(), "CONT");
            state = State.RUNNING;
        }
    }

    /**
     * A new process on the same port with an empty cache; the old one is killed first if it is
     * still alive. Waits until the new process answers {@code version}.
     */
    public synchronized void restart() {
        requireControl("restart");
        if (process != null && process.isAlive()) {
            destroy(true);
        }
        long deadline = System.nanoTime() + TestkitSettings.startTimeout().toNanos();
        while (true) {
            try {
                launch();
                return;
            } catch (PortTakenException e) {
                // the kernel may take a moment to release the listening socket of the killed process
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot restart memcached on " + address()
                            + ": the port stayed in use for " + TestkitSettings.startTimeout().toMillis() + " ms", e);
                }
                sleep(50);
            }
        }
    }

    /** SIGTERM, then SIGKILL if the process has not exited within 5 s. */
    public synchronized void stop() {
        requireControl("stop");
        if (process != null && process.isAlive()) {
            destroy(false);
        }
        state = State.STOPPED;
    }

    // ------------------------------------------------------------------ probes

    /** {@code flush_all}: every item on this server becomes invalid. */
    public void flushAll() {
        probe.flushAll();
    }

    /** The value this server holds for {@code key}, or null. */
    public String get(String key) {
        return probe.get(key);
    }

    /** Stores {@code key} on this server directly (not through any client). */
    public void set(String key, String value) {
        probe.set(key, value);
    }

    /** Deletes {@code key} from this server directly; whether it was there. */
    public boolean delete(String key) {
        return probe.delete(key);
    }

    /** Which of {@code keys} this server holds, in the order given. */
    public Set<String> keysHeld(Collection<String> keys) {
        Set<String> held = probe.getMulti(keys).keySet();
        Set<String> out = new LinkedHashSet<>();
        for (String k : keys) {
            if (held.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }

    /** Values of the {@code keys} this server holds. */
    public Map<String, String> getMulti(Collection<String> keys) {
        return probe.getMulti(keys);
    }

    /** The {@code stats} counters. */
    public Map<String, String> stats() {
        return probe.stats();
    }

    /** One numeric {@code stats} counter, such as {@code cmd_get} or {@code cmd_set}. */
    public long stat(String name) {
        String v = stats().get(name);
        if (v == null) {
            throw new IllegalArgumentException(address() + " has no stats counter '" + name + "'");
        }
        return Long.parseLong(v);
    }

    /** The server's {@code version}. */
    public String version() {
        try {
            return probe.version();
        } catch (IOException e) {
            throw new UncheckedIOException("version on " + address() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "memcached[" + index + "] " + address() + " (" + (isControlled() ? state.name().toLowerCase() : "external") + ")";
    }

    // ------------------------------------------------------------------ process plumbing

    private void launch() {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-l", host, "-p", Integer.toString(port),
                "-U", "0", "-m", "64"));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("-u"); // memcached refuses to run as root unless told which user to run as
            cmd.add("root");
        }
        try {
            stderr = Files.createTempFile("hashring-memcached-" + port + "-", ".stderr");
            stderr.toFile().deleteOnExit();
            process = new ProcessBuilder(cmd)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(stderr.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + String.join(" ", cmd) + ": " + e.getMessage() + "; "
                    + MemcachedBinary.INSTALL_HINT, e);
        }
        Reaper.register(this, process.toHandle());
        state = State.RUNNING;
        awaitVersion(cmd);
    }

    private void awaitVersion(List<String> cmd) {
        Duration limit = TestkitSettings.startTimeout();
        long deadline = System.nanoTime() + limit.toNanos();
        TextProbe quick = new TextProbe(host, port, Duration.ofMillis(250));
        while (true) {
            if (!process.isAlive()) {
                String err = stderrText();
                long pid = process.pid();
                int code = process.exitValue();
                Reaper.unregister(this, pid);
                state = State.STOPPED;
                if (err.contains("Address already in use")) {
                    throw new PortTakenException(port);
                }
                throw new IllegalStateException("memcached exited with code " + code + " before answering 'version' on "
                        + address() + " (" + String.join(" ", cmd) + "); its stderr:\n" + err);
            }
            try {
                quick.version();
                String answering = quick.stats().get("pid");
                if (Long.toString(process.pid()).equals(answering)) {
                    return;
                }
                // Another process answers on this port (another build's server took it while ours was down): ours
                // cannot bind it and exits, which the next round reports as a taken port. Without this check a
                // restarted server would silently be someone else's, whose owner may flush or kill it.
                throw new IOException("pid " + answering + " answers on " + address() + ", not ours (" + process.pid() + ")");
            } catch (IOException | UncheckedIOException notYet) {
                if (System.nanoTime() > deadline) {
                    String err = stderrText();
                    destroy(true);
                    state = State.STOPPED;
                    throw new IllegalStateException("memcached on " + address() + " did not answer 'version' within "
                            + limit.toMillis() + " ms (hashring.testkit.startTimeoutMs); its stderr:\n" + err, notYet);
                }
                sleep(20);
            }
        }
    }

    private String stderrText() {
        try {
            return stderr == null ? "" : Files.readString(stderr, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    /** Ends the process; a paused process is resumed first so it never lingers stopped. */
    private void destroy(boolean forcibly) {
        long pid = process.pid();
        if (state == State.PAUSED) {
            try {
                Signals.send(pid, "CONT");
            } catch (IllegalStateException ignored) {
                // SIGKILL below still ends a stopped process
            }
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        Reaper.unregister(this, pid);
    }

    /** For the shutdown hook and cluster close: never throws. */
    synchronized void destroyQuietly() {
        try {
            if (process != null && process.isAlive()) {
                destroy(true);
            }
            if (isControlled()) {
                state = State.STOPPED;
            }
        } catch (RuntimeException ignored) {
            // best effort during shutdown
        }
    }

    private void requireControl(String what) {
        if (!isControlled()) {
            throw new UnsupportedOperationException("cannot " + what + " " + address()
                    + ": it is an external server (hashring.testkit.servers), not a process the testkit started");
        }
    }

    private void requireAlive(String what) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("cannot " + what + " " + address() + ": it is " + state.name().toLowerCase());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The port was taken between choosing it and binding it. */
    static final class PortTakenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PortTakenException(int port) {
            super("port " + port + " is already in use");
        }
    }
}
