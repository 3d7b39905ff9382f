package io.hashring.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;

/**
 * The memcached servers of one test class: started processes on loopback ports, or the existing
 * loopback servers named by {@code -Dhashring.testkit.servers=host:port,...}.
 *
 * <p>Ports are deterministic where possible: started server {@code i} listens on
 * {@link TestkitSettings#basePort() basePort} {@code + i}. A server's {@code host:port} is its identity on
 * every ketama ring, so fixed ports make placement-dependent figures (the seed experiment's retention,
 * key shares) repeat exactly from run to run. If that port is busy the server takes a free random port
 * instead, and {@link #portPlan()} says so (the kits copy it into the report).
 *
 * <p>Obtain one with {@link MemcachedNodes @MemcachedNodes} (parameter or field injection), or
 * directly with {@link #start(int)} in a try-with-resources block. {@link #close()} ends every
 * process it started; a JVM shutdown hook does the same if the JVM exits first. Not thread-safe
 * for topology changes ({@link #addServer()}, {@link #reset()}); probes may run concurrently.
 */
public final class MemcachedCluster implements AutoCloseable {

    private static final int PORT_ATTEMPTS = 20;

    private final List<MemcachedServer> servers;
    /** By server index: the servers that could not get their preferred port, and what they took instead. */
    private final Map<Integer, String> fallbacks = new java.util.TreeMap<>();
    private final int initialSize;
    private final Path binary;

    private MemcachedCluster(List<MemcachedServer> servers, Path binary) {
        this.servers = new ArrayList<>(servers);
        this.initialSize = servers.size();
        this.binary = binary;
    }

    /**
     * Starts {@code count} memcached processes, or uses the servers of
     * {@code hashring.testkit.servers} if that property is set (then {@code count} is a wish: the
     * cluster has as many servers as the property names).
     *
     * @throws IllegalArgumentException if {@code count < 1}
     * @throws IllegalStateException    if memcached is not installed (the message says how to install it) or a
     *                                  process does not come up (the message includes its stderr)
     */
    public static MemcachedCluster start(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a cluster needs at least 1 server, asked for " + count);
        }
        List<String> external = TestkitSettings.externalServers();
        if (!external.isEmpty()) {
            return external(external);
        }
        Path binary = MemcachedBinary.locate();
        List<MemcachedServer> started = new ArrayList<>();
        Map<Integer, String> fallbacks = new java.util.TreeMap<>();
        try {
            for (int i = 0; i < count; i++) {
                started.add(startOne(i, binary, fallbacks));
            }
        } catch (RuntimeException e) {
            started.forEach(MemcachedServer::destroyQuietly);
            throw e;
        }
        MemcachedCluster cluster = new MemcachedCluster(started, binary);
        cluster.fallbacks.putAll(fallbacks);
        return cluster;
    }

    /**
     * Existing servers; each must be on a loopback address (the kits flush the servers they use).
     *
     * @throws IllegalArgumentException naming an address that is malformed or not loopback
     */
    public static MemcachedCluster external(List<String> addresses) {
        List<MemcachedServer> list = new ArrayList<>();
        for (String address : addresses) {
            int colon = address.lastIndexOf(':');
            if (colon <= 0 || colon == address.length() - 1) {
                throw new IllegalArgumentException("hashring.testkit.servers: '" + address + "' is not host:port");
            }
            String host = address.substring(0, colon);
            int port;
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hashring.testkit.servers: '" + address + "' has no numeric port", e);
            }
            try {
                if (!InetAddress.getByName(host).isLoopbackAddress()) {
                    throw new IllegalArgumentException("hashring.testkit.servers: " + address + " is not a loopback address; "
                            + "the testkit only talks to 127.0.0.0/8 because the kits flush the servers they use");
                }
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("hashring.testkit.servers: cannot resolve '" + host + "'", e);
            }
            list.add(MemcachedServer.external(list.size(), host, port));
        }
        return new MemcachedCluster(list, null);
    }

    /** Server {@code index} on {@code basePort + index}, else (port busy) on a free random port, noted in {@code fallbacks}. */
    private static MemcachedServer startOne(int index, Path binary, Map<Integer, String> fallbacks) {
        int preferred = TestkitSettings.basePort() + index;
        if (preferred <= 65_535 && isFree(preferred)) {
            try {
                return MemcachedServer.start(index, preferred, binary);
            } catch (MemcachedServer.PortTakenException busy) {
                // another process (perhaps a concurrent build) holds it: fall back to a random port below
            }
        }
        MemcachedServer s = startOnFreePort(index, binary);
        fallbacks.put(index, "server " + index + " on random port " + s.port() + " (" + preferred + " was busy)");
        return s;
    }

    private static MemcachedServer startOnFreePort(int index, Path binary) {
        MemcachedServer.PortTakenException last = null;
        for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
            try {
                return MemcachedServer.start(index, freePort(), binary);
            } catch (MemcachedServer.PortTakenException e) {
                last = e; // another process took the port between probe and bind: pick another
            }
        }
        throw new IllegalStateException("no free loopback port after " + PORT_ATTEMPTS + " attempts", last);
    }

    /**
     * Whether nothing listens on {@code 127.0.0.1:port}. Checked with a bind of our own before memcached
     * starts, so a busy port falls back to a random one up front instead of surfacing as a failed start
     * (memcached 1.6.18 refuses a taken port: "Address already in use"). {@code SO_REUSEADDR} on the probe
     * ignores connections still in {@code TIME_WAIT} from a server that was killed, which are no conflict.
     */
    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException busy) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free loopback port: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ access

    /** The servers, in start order (unmodifiable view). */
    public List<MemcachedServer> servers() {
        return Collections.unmodifiableList(servers);
    }

    public MemcachedServer server(int index) {
        if (index < 0 || index >= servers.size()) {
            throw new IndexOutOfBoundsException("server " + index + " of a cluster of " + servers.size());
        }
        return servers.get(index);
    }

    /** The server with this {@code host:port}. */
    public MemcachedServer server(String address) {
        for (MemcachedServer s : servers) {
            if (s.address().equals(address)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no server " + address + " in " + addresses());
    }

    public int size() {
        return servers.size();
    }

    /** {@code host:port} of every server, in order. */
    public List<String> addresses() {
        List<String> out = new ArrayList<>();
        servers.forEach(s -> out.add(s.address()));
        return out;
    }

    /**
     * Whether every started server got its deterministic port {@code basePort + index}; false for
     * external servers (their ports are whatever the property names) and after any fallback.
     */
    public boolean portsDeterministic() {
        return controlsProcesses() && fallbacks.isEmpty();
    }

    /**
     * How the servers' ports were chosen, for reports: {@code "deterministic: 23000-23012
     * (hashring.testkit.basePort=23000)"}, or the same followed by each server that fell back to a
     * random port because its own was busy (figures that depend on placement then differ from
     * other runs), or {@code "external servers ..."}.
     */
    public String portPlan() {
        if (!controlsProcesses()) {
            return "external servers (hashring.testkit.servers): " + String.join(",", addresses());
        }
        int base = TestkitSettings.basePort();
        String plan = "ports " + base + "-" + (base + servers.size() - 1) + " (hashring.testkit.basePort=" + base + ")";
        return fallbacks.isEmpty() ? "deterministic: " + plan
                : "NOT deterministic: " + plan + ", but " + String.join("; ", fallbacks.values());
    }

    /** Whether the testkit started these processes (and so can inject faults). */
    public boolean controlsProcesses() {
        return binary != null;
    }

    /** Skips the calling test (JUnit assumption) unless the testkit controls the processes. */
    public void assumeProcessControl(String why) {
        Assumptions.assumeTrue(controlsProcesses(), () -> "needs process control (" + why
                + "), but the kits run against existing servers (hashring.testkit.servers)");
    }

    /** Skips the calling test unless the cluster has at least {@code n} servers. */
    public void assumeAtLeast(int n, String why) {
        Assumptions.assumeTrue(servers.size() >= n, () -> "needs " + n + " servers (" + why + "), the cluster has "
                + servers.size());
    }

    /**
     * For each key, the servers that hold it (in cluster order); keys no server holds map to an
     * empty list. One multi-get per server.
     */
    public Map<String, List<MemcachedServer>> holders(Collection<String> keys) {
        Map<String, List<MemcachedServer>> out = new LinkedHashMap<>();
        keys.forEach(k -> out.put(k, new ArrayList<>()));
        for (MemcachedServer s : servers) {
            if (s.state() != MemcachedServer.State.RUNNING) {
                continue;
            }
            Set<String> held = s.keysHeld(keys);
            held.forEach(k -> out.get(k).add(s));
        }
        return out;
    }

    // ------------------------------------------------------------------ topology

    /** Starts one more process and appends it; {@link #reset()} removes it again. */
    public MemcachedServer addServer() {
        if (!controlsProcesses()) {
            throw new UnsupportedOperationException("cannot add a server to external servers (hashring.testkit.servers)");
        }
        MemcachedServer s = startOne(servers.size(), binary, fallbacks);
        servers.add(s);
        return s;
    }

    /**
     * Starts one more process listening on {@code host:port} and appends it; {@link #reset()}
     * removes it again. For tests that need several servers on one port at different loopback
     * addresses (a DNS name with several A records, a name whose address changes).
     *
     * @throws IllegalArgumentException if {@code host} is not a numeric 127.0.0.0/8 address
     * @throws IllegalStateException    if the address is in use
     */
    public MemcachedServer addServerAt(String host, int port) {
        if (!controlsProcesses()) {
            throw new UnsupportedOperationException("cannot add a server to external servers (hashring.testkit.servers)");
        }
        if (!host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            throw new IllegalArgumentException("addServerAt: '" + host + "' is not a numeric 127.0.0.0/8 address");
        }
        MemcachedServer s;
        try {
            s = MemcachedServer.start(servers.size(), host, port, binary);
        } catch (MemcachedServer.PortTakenException e) {
            throw new IllegalStateException("addServerAt: " + host + ":" + port + " is in use", e);
        }
        servers.add(s);
        return s;
    }

    /**
     * Back to the state after start: servers added since are stopped and dropped, paused ones
     * resumed, killed or stopped ones restarted, and every server flushed.
     */
    public void reset() {
        while (servers.size() > initialSize) {
            fallbacks.remove(servers.size() - 1);
            servers.remove(servers.size() - 1).destroyQuietly();
        }
        for (MemcachedServer s : servers) {
            if (s.isControlled()) {
                switch (s.state()) {
                    case PAUSED -> s.resume();
                    case KILLED, STOPPED -> s.restart();
                    default -> {
                        if (s.pid().isEmpty()) {
                            s.restart(); // died on its own
                        }
                    }
                }
            }
            s.flushAll();
        }
    }

    /** Ends every process this cluster started (paused ones are resumed first). Idempotent. */
    @Override
    public void close() {
        for (MemcachedServer s : servers) {
            s.destroyQuietly();
        }
    }

    @Override
    public String toString() {
        return "MemcachedCluster" + servers;
    }
}
