package io.hashring.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure no memcached process outlives the JVM that started it.
 *
 * <ul>
 *   <li>Every started process is registered; a JVM shutdown hook (normal exit, Ctrl-C, SIGTERM)
 *       resumes paused ones and SIGKILLs them all.</li>
 *   <li>A JVM that is itself SIGKILLed runs no hook, so each process also gets a pid file naming
 *       its owner JVM under {@code java.io.tmpdir/hashring-testkit-pids}; the next testkit run
 *       sweeps processes whose owner is gone (only if the pid still runs {@code memcached}).</li>
 * </ul>
 */
final class Reaper {

    private static final Set<MemcachedServer> LIVE = ConcurrentHashMap.newKeySet();
    private static final Path PID_DIR = Path.of(System.getProperty("java.io.tmpdir"), "hashring-testkit-pids");
    private static volatile boolean installed;

    private Reaper() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        sweepOrphans();
        Runtime.getRuntime().addShutdownHook(new Thread(Reaper::killAll, "hashring-testkit-reaper"));
    }

    static void register(MemcachedServer server, ProcessHandle process) {
        install();
        LIVE.add(server);
        try {
            Files.createDirectories(PID_DIR);
            Files.writeString(PID_DIR.resolve(Long.toString(process.pid())), Long.toString(ProcessHandle.current().pid()));
        } catch (IOException ignored) {
            // the pid file only helps a later run clean up after a SIGKILLed JVM; the shutdown hook still applies
        }
    }

    static void unregister(MemcachedServer server, long pid) {
        LIVE.remove(server);
        try {
            Files.deleteIfExists(PID_DIR.resolve(Long.toString(pid)));
        } catch (IOException ignored) {
            // a stale pid file is swept harmlessly: its process is gone
        }
    }

    /** Number of processes this JVM currently owns (for tests of the testkit itself). */
    static int liveCount() {
        return LIVE.size();
    }

    private static void killAll() {
        for (MemcachedServer server : LIVE) {
            server.destroyQuietly();
        }
    }

    private static void sweepOrphans() {
        if (!Files.isDirectory(PID_DIR)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(PID_DIR)) {
            for (Path file : files) {
                sweep(file);
            }
        } catch (IOException ignored) {
            // best effort: nothing to sweep if the directory cannot be read
        }
    }

    private static void sweep(Path file) {
        try {
            long pid = Long.parseLong(file.getFileName().toString());
            long owner = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
            boolean ownerAlive = ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
            if (ownerAlive) {
                return;
            }
            Optional<ProcessHandle> orphan = ProcessHandle.of(pid);
            if (orphan.isPresent() && orphan.get().info().command().map(c -> c.endsWith("memcached")).orElse(false)) {
                Signals.send(pid, "CONT");
                orphan.get().destroyForcibly();
                orphan.get().onExit().get(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(file);
        } catch (Exception ignored) {
            // not ours, unreadable or already gone: leave it
        }
    }
}
