package io.hashring.client.membership;

import io.hashring.hash.interop.Server;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Cluster discovery over the memcached text protocol: polls a configuration endpoint (ElastiCache
 * or Memorystore for Memcached, {@code *.cfg.*:11211}) with {@code config get cluster} and
 * publishes each new configuration version as a server list. The reply format is
 * {@link ClusterConfig}'s.
 *
 * <pre>{@code
 * MembershipSource source = ClusterConfigSource.builder("mycache.abc123.cfg.use1.cache.amazonaws.com", 11211)
 *         .interval(Duration.ofSeconds(10))
 *         .build();
 * }</pre>
 *
 * <ul>
 *   <li><b>Versions.</b> A reply is published only when its config version is greater than the
 *       last one published (the AWS cluster client's rule: an endpoint that lags behind another
 *       serves an older version, which is ignored, not an error). The published
 *       {@link MembershipVersion#version()} is the config version.</li>
 *   <li><b>Identity.</b> A node is the server {@code host:port} (its DNS name as the endpoint gives
 *       it), so an ip change of a node moves no key. By default the client connects by that name,
 *       as xmemcached does; with {@link Builder#connectByIp(boolean) connectByIp(true)} it connects
 *       to the ip the endpoint gives (by name when the ip field is empty) and the name stays the
 *       identity ({@link Server#name()}).</li>
 *   <li><b>Bad replies.</b> A malformed reply, an error line, an unreachable or silent endpoint is
 *       reported through {@link MembershipSink#rejected} with a one-line reason; polling goes on
 *       and the running list stays. The same reason is reported once until a good reply (or
 *       another reason) comes, so a broken endpoint does not flood the sink.</li>
 *   <li><b>Bounds.</b> Every poll opens one connection, sends one command, reads one reply and
 *       closes the connection on every path; connect and each read are bounded by
 *       {@link Builder#timeout(Duration) timeout}, and the whole poll by twice that. One daemon
 *       thread polls, with {@link Builder#interval(Duration) interval} between the end of a
 *       poll and the start of the next.</li>
 * </ul>
 *
 * <p>Thread-safe. {@link #start} polls once on the caller's thread, so a reachable endpoint's
 * list is published before it returns.
 */
public final class ClusterConfigSource implements MembershipSource {

    private static final byte[] REQUEST = (ClusterConfig.COMMAND + "\r\n").getBytes(StandardCharsets.US_ASCII);

    private final String host;
    private final int port;
    private final Duration interval;
    private final Duration timeout;
    private final boolean connectByIp;
    private final String describe;

    private final Object lock = new Object();
    private MembershipSink sink;
    private ScheduledExecutorService poller;
    private boolean closed;
    private volatile Socket current;

    // Only the polling thread (or start's caller, before the poller exists) touches these.
    private long published = -1;
    private String lastRejection;

    private ClusterConfigSource(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.interval = b.interval;
        this.timeout = b.timeout;
        this.connectByIp = b.connectByIp;
        this.describe = "cluster-config " + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * A builder for the configuration endpoint {@code host:port}.
     *
     * @throws IllegalArgumentException if host is blank or port is not 1..65535
     */
    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    /** {@code cluster-config HOST:PORT}. */
    @Override
    public String describe() {
        return describe;
    }

    @Override
    public void start(MembershipSink sink) {
        Objects.requireNonNull(sink, "sink");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(describe + " is closed");
            }
            if (this.sink != null) {
                throw new IllegalStateException(describe + " was already started");
            }
            this.sink = sink;
        }
        pollOnce();
        synchronized (lock) {
            if (closed) {
                return;
            }
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "hashring-" + describe.replace(' ', '-'));
                t.setDaemon(true);
                return t;
            });
            long ms = interval.toMillis();
            poller.scheduleWithFixedDelay(this::pollOnce, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** One poll: read the endpoint and publish, ignore or reject what it says. Never throws. */
    private void pollOnce() {
        ClusterConfig config;
        try {
            config = fetch();
        } catch (ClusterConfig.MalformedReplyException e) {
            reject(e.getMessage());
            return;
        } catch (SocketTimeoutException e) {
            reject("no reply within " + timeout.toMillis() + " ms (" + e.getMessage() + ")");
            return;
        } catch (IOException e) {
            reject("cannot read the endpoint: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return;
        } catch (RuntimeException e) {
            reject("cannot read the endpoint: " + e);
            return;
        }
        if (config.version() <= published) {
            lastRejection = null;
            return;
        }
        MembershipVersion version;
        try {
            version = new MembershipVersion(config.version(), servers(config), describe);
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            reject(m.startsWith(describe + ": ") ? m.substring(describe.length() + 2) : m);
            return;
        }
        MembershipSink to;
        synchronized (lock) {
            if (closed) {
                return;
            }
            to = sink;
        }
        published = config.version();
        lastRejection = null;
        to.publish(version);
    }

    private List<Server> servers(ClusterConfig config) {
        List<Server> out = new ArrayList<>(config.nodes().size());
        for (ClusterConfig.Node n : config.nodes()) {
            if (connectByIp && !n.ip().isEmpty()) {
                out.add(new Server(n.ip(), n.port(), 1, Server.of(n.host(), n.port()).address()));
            } else {
                out.add(Server.of(n.host(), n.port()));
            }
        }
        return out;
    }

    private void reject(String reason) {
        if (reason.equals(lastRejection)) {
            return;
        }
        MembershipSink to;
        synchronized (lock) {
            if (closed) {
                return;
            }
            to = sink;
        }
        lastRejection = reason;
        to.rejected(describe, reason);
    }

    /** Opens a connection, asks once, reads one reply; the socket is closed on every path. */
    private ClusterConfig fetch() throws IOException {
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Socket s = new Socket()) {
            current = s;
            synchronized (lock) {
                if (closed) {
                    throw new IOException(describe + " is closed");
                }
            }
            s.setSoTimeout(ms);
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), ms);
            OutputStream out = s.getOutputStream();
            out.write(REQUEST);
            out.flush();
            // Each read waits at most the timeout; the deadline bounds a reply that trickles in.
            long deadline = System.nanoTime() + 2 * timeout.toNanos();
            InputStream in = new BufferedInputStream(new DeadlineInputStream(s.getInputStream(), deadline, 2 * timeout.toMillis()));
            return ClusterConfig.read(in);
        } finally {
            current = null;
        }
    }

    /** Stops polling, closes a connection in flight and waits (at most the timeout plus a second) for the polling thread. */
    @Override
    public void close() {
        ScheduledExecutorService p;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            p = poller;
        }
        Socket s = current;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing to unblock a read; nothing to report
            }
        }
        if (p != null) {
            p.shutdownNow();
            try {
                p.awaitTermination(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return describe;
    }

    /** Fails a read once the poll's deadline has passed. */
    private static final class DeadlineInputStream extends InputStream {
        private final InputStream in;
        private final long deadline;
        private final long totalMs;

        DeadlineInputStream(InputStream in, long deadline, long totalMs) {
            this.in = in;
            this.deadline = deadline;
            this.totalMs = totalMs;
        }

        private void check() throws SocketTimeoutException {
            if (System.nanoTime() - deadline > 0) {
                throw new SocketTimeoutException("the reply took more than " + totalMs + " ms in all");
            }
        }

        @Override
        public int read() throws IOException {
            check();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            check();
            return in.read(b, off, len);
        }
    }

    /** Options of a {@link ClusterConfigSource}; each is checked when set. */
    public static final class Builder {
        private final String host;
        private final int port;
        private Duration interval = Duration.ofSeconds(60);
        private Duration timeout = Duration.ofSeconds(2);
        private boolean connectByIp;

        private Builder(String host, int port) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("configuration endpoint host is blank");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("configuration endpoint port must be 1..65535, was " + port);
            }
            this.host = host;
            this.port = port;
        }

        /**
         * Time between the end of one poll and the start of the next; default 60 s (xmemcached's and
         * the AWS client's default poll interval). At least 1 ms.
         */
        public Builder interval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.toMillis() < 1) {
                throw new IllegalArgumentException("interval must be at least 1 ms, was " + interval);
            }
            this.interval = interval;
            return this;
        }

        /** Bound of the connect and of each read (the whole poll: twice this); default 2 s. 1 ms to 1 min. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.toMillis() < 1 || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("timeout must be 1 ms..1 min, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Connect to each node's ip instead of its name (by name when the ip field is empty); the
         * identity stays {@code name:port} either way. Default false, as in xmemcached.
         */
        public Builder connectByIp(boolean connectByIp) {
            this.connectByIp = connectByIp;
            return this;
        }

        /** The source, not started. */
        public ClusterConfigSource build() {
            return new ClusterConfigSource(this);
        }
    }
}
