package io.hashring.hash.interop;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The reverse DNS lookups some peers' placements depend on (xmemcached under its default
 * {@code resolveInetAddresses=true}, spymemcached's LIBMEMCACHED key format: an IP literal's
 * placement uses the JVM's reverse name for it). A lookup can stall for the resolver's timeout, so a
 * caller looks every host up once, in parallel and within a bound, before routing
 * ({@link #prefetch}); the routers then read the remembered names. Thread-safe.
 */
public final class ReverseNames {

    /** The modes whose routers look host names up. */
    public static final Set<String> MODES = Set.of("spymemcached-ketama-libmemcached", "xmemcached-ketama",
            "xmemcached-ketama-gwhalin", "xmemcached-libmemcached", "xmemcached-election");
    /** Lookups run at once at most. */
    private static final int PARALLEL = 32;

    private ReverseNames() {
    }

    /** Whether mode {@code mode}'s router looks host names up. */
    public static boolean usedBy(String mode) {
        return mode != null && MODES.contains(mode);
    }

    /** How many distinct hosts of {@code servers} have not been looked up yet in this JVM. */
    public static int pending(List<Server> servers) {
        return distinctPending(servers).size();
    }

    /**
     * Looks up every host of {@code servers} not looked up yet, at most 32 at once, and waits at most
     * {@code timeout}. Each host is looked up once per JVM (up to 4096 hosts are remembered).
     *
     * @throws IllegalStateException naming how many lookups did not finish within the timeout
     * @throws IllegalArgumentException if more hosts would need looking up than are remembered
     */
    public static void prefetch(List<Server> servers, Duration timeout) {
        Map<String, Server> todo = distinctPending(servers);
        if (todo.isEmpty()) {
            return;
        }
        if (todo.size() > PeerRenderings.MAX_REMEMBERED_NAMES) {
            throw new IllegalArgumentException(todo.size() + " hosts need a reverse DNS lookup, more than the "
                    + PeerRenderings.MAX_REMEMBERED_NAMES + " remembered (each route would look them up again)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, todo.size()), r -> {
            Thread t = new Thread(r, "hashring-reverse-dns");
            t.setDaemon(true); // a stalled lookup cannot be interrupted: it must not keep the JVM alive
            return t;
        });
        try {
            List<Future<String>> lookups = todo.values().stream()
                    .map(s -> pool.submit(() -> PeerRenderings.xmemcachedHostName(s))).toList();
            long deadline = System.nanoTime() + timeout.toNanos();
            int unfinished = 0;
            for (Future<String> f : lookups) {
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    unfinished++;
                } catch (java.util.concurrent.ExecutionException e) {
                    // an unresolvable name: the router reports it as the peer would
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while looking up host names", e);
                }
            }
            if (unfinished > 0) {
                throw new IllegalStateException("reverse DNS lookups of " + unfinished + " of " + todo.size()
                        + " hosts did not finish within " + timeout.toSeconds() + " s (the peer places keys by each"
                        + " address's reverse name: fix the resolver, or configure host names)");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Server> distinctPending(List<Server> servers) {
        Map<String, Server> todo = new LinkedHashMap<>();
        for (Server s : servers) {
            if (!PeerRenderings.isRemembered(s.host())) {
                todo.putIfAbsent(s.host(), s);
            }
        }
        return todo;
    }
}
