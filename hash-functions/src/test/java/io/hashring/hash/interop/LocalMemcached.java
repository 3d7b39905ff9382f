package io.hashring.hash.interop;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One real {@code memcached -l 127.0.0.1 -p PORT -U 0 -m 16} process on a free port, for tests that
 * need real client sessions. Started processes are stopped by {@link #close()} and, as a safety net,
 * by a JVM shutdown hook. Every wait is bounded.
 */
final class LocalMemcached implements AutoCloseable {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "memcached-reaper"));
    }

    private final int port;
    private final Process process;

    private LocalMemcached(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    int port() {
        return port;
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Starts memcached on a free 127.0.0.1 port and waits (at most 10 s) until it answers {@code version}. */
    static LocalMemcached start() throws IOException, InterruptedException {
        Path binary = binary();
        for (int attempt = 1; ; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                port = probe.getLocalPort();
            }
            List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-l", "127.0.0.1", "-p", Integer.toString(port),
                    "-U", "0", "-m", "16"));
            if ("root".equals(System.getProperty("user.name"))) {
                cmd.addAll(List.of("-u", "root")); // memcached refuses to run as root without -u
            }
            Path stderr = Files.createTempFile("hashring-memcached-" + port + "-", ".stderr");
            Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
            RUNNING.add(p);
            LocalMemcached m = new LocalMemcached(port, p);
            try {
                if (m.awaitVersion(10_000)) {
                    return m;
                }
                String err = Files.readString(stderr);
                m.close();
                if (!err.contains("Address already in use") || attempt >= 5) {
                    throw new IllegalStateException("memcached did not answer 'version' on 127.0.0.1:" + port + " ("
                            + String.join(" ", cmd) + "); stderr: " + err.strip());
                }
            } finally {
                Files.deleteIfExists(stderr);
            }
        }
    }

    private static Path binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "memcached");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("memcached is not on the PATH; install it (Debian: apt-get install -y memcached)");
    }

    private boolean awaitVersion(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 250);
                s.setSoTimeout(500);
                OutputStream out = s.getOutputStream();
                out.write("version\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                if (line != null && line.startsWith("VERSION ")) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(20);
        }
        return false;
    }

    /**
     * Stops the process (SIGTERM, then SIGKILL after 5 s) and waits for it to exit (at most 10 s in
     * all); if interrupted, kills it forcibly and keeps the interrupt flag.
     */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (!process.isAlive()) {
            RUNNING.remove(process);
        }
    }

    @Override
    public String toString() {
        return "memcached 127.0.0.1:" + port + " (pid " + process.pid() + (process.isAlive() ? ")" : ", stopped)");
    }
}
