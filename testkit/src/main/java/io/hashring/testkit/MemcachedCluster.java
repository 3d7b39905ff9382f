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
 * The memcached servers of one test class: started processes on free loopback ports, or the
 * existing loopback servers named by {@code -Dhashring.testkit.servers=host:port,...}.
 *
 * <p>Obtain one with {@link MemcachedNodes @MemcachedNodes} (parameter or field injection), or
 * directly with {@link #start(int)} in a try-with-resources block. {@link #close()} ends every
 * process it started; a JVM shutdown hook does the same if the JVM exits first. Not thread-safe
 * for topology changes ({@link #addServer()}, {@link #reset()}); probes may run concurrently.
 */
public final class MemcachedCluster implements AutoCloseable {

    private static final int PORT_ATTEMPTS = 20;

    private final List<MemcachedServer> servers;
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
        try {
            for (int i = 0; i < count; i++) {
                started.add(startOne(i, binary));
            }
        } catch (RuntimeException e) {
            started.forEach(MemcachedServer::destroyQuietly);
            throw e;
        }
        return new MemcachedCluster(started, binary);
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

    private static MemcachedServer startOne(int index, Path binary) {
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
        MemcachedServer s = startOne(servers.size(), binary);
        servers.add(s);
        return s;
    }

    /**
     * Back to the state after start: servers added since are stopped and dropped, paused ones
     * resumed, killed or stopped ones restarted, and every server flushed.
     */
    public void reset() {
        while (servers.size() > initialSize) {
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
