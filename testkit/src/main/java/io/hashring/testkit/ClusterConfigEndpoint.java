package io.hashring.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for a cloud cache's configuration endpoint (ElastiCache or Memorystore for
 * Memcached, {@code *.cfg.*:11211}): a loopback TCP server that answers the memcached text
 * command {@code config get cluster} with a version and node list the test sets, so a
 * cluster-discovery client can be tested against real memcached servers named in that list.
 * It is not a memcached: it stores nothing.
 *
 * <p>The reply matches, byte for byte, what the public clients read:
 *
 * <pre>
 * CONFIG cluster 0 &lt;length&gt;\r\n
 * &lt;version&gt;\n
 * &lt;host&gt;|&lt;ip&gt;|&lt;port&gt; &lt;host&gt;|&lt;ip&gt;|&lt;port&gt; ...\n
 * \r\n
 * END\r\n
 * </pre>
 *
 * where {@code length} counts the version and node lines with their {@code \n} (the replies in
 * elasticache_pyclient's {@code test/test_memcache_client.py}, {@code CONFIG cluster 0 191}, and in
 * django-elastipymemcache's {@code tests/test_protocol.py}). Inside the block the lines end in
 * {@code \n}, not {@code \r\n}: xmemcached's {@code net.rubyeye.xmemcached.command.text.TextAWSElasticCacheConfigCommand}
 * splits the reply on {@code \r\n} and concatenates the lines between {@code CONFIG} and
 * {@code END} before {@code net.rubyeye.xmemcached.aws.AWSUtils.parseConfiguration} splits them on
 * {@code \r?\n}; the AWS cluster client ({@code awslabs/aws-elasticache-cluster-client-memcached-for-java},
 * {@code net.spy.memcached.AddrUtil.parseClusterTypeConfiguration}) trims the block and wants
 * exactly two lines. {@code ClusterConfigEndpointTest} checks the reply against xmemcached's own
 * parser and its {@code AWSElasticCacheClient}, in process.
 *
 * <p>Also answers {@code version} with {@code VERSION 1.4.14} (clients such as
 * elasticache_pyclient ask it to choose {@code config get cluster} over the pre-1.4.14
 * {@code get AmazonElastiCache:cluster}) and {@code quit} by closing; anything else gets
 * {@code ERROR\r\n}, like memcached. A connection may send many commands.
 *
 * <p>Bounded: at most {@value #MAX_CONNECTIONS} connections are served at once (more are closed
 * at once), lines longer than {@value #MAX_LINE} bytes close the connection, and {@link #close()}
 * closes the listening socket and every open connection and waits (bounded) for the threads.
 * Thread-safe: {@link #set} may be called while clients poll; a reply always carries one whole
 * configuration.
 */
public final class ClusterConfigEndpoint implements AutoCloseable {

    /** Connections served at once; a further one is closed on accept. */
    public static final int MAX_CONNECTIONS = 8;
    static final int MAX_LINE = 2048;
    /** What {@code version} answers: the first engine version with {@code config get cluster}. */
    public static final String VERSION = "1.4.14";

    private final ServerSocket listener;
    private final Thread acceptor;
    private final ThreadPoolExecutor connections;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong configRequests = new AtomicLong();
    private volatile byte[] reply;
    private volatile boolean closed;

    private ClusterConfigEndpoint(ServerSocket listener) {
        this.listener = listener;
        this.connections = new ThreadPoolExecutor(MAX_CONNECTIONS, MAX_CONNECTIONS, 1, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "hashring-testkit-cluster-config-" + listener.getLocalPort());
                    t.setDaemon(true);
                    return t;
                });
        this.connections.allowCoreThreadTimeOut(true);
        this.acceptor = new Thread(this::accept, "hashring-testkit-cluster-config-accept-" + listener.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    /**
     * Starts an endpoint on a free loopback port, serving {@code version} and {@code nodes}.
     *
     * @param nodes {@code host|ip|port} entries, or {@code host:port} (then ip is host), see {@link #set}
     */
    public static ClusterConfigEndpoint start(long version, List<String> nodes) {
        ServerSocket s;
        try {
            s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on a loopback port for the cluster configuration endpoint: " + e, e);
        }
        ClusterConfigEndpoint endpoint = new ClusterConfigEndpoint(s);
        endpoint.set(version, nodes);
        endpoint.acceptor.start();
        return endpoint;
    }

    /** The endpoint's loopback port. */
    public int port() {
        return listener.getLocalPort();
    }

    /** The endpoint's loopback host ({@code 127.0.0.1}). */
    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    /** {@code host:port} of the endpoint. */
    public String address() {
        return host() + ":" + port();
    }

    /**
     * Serves a new configuration from the next {@code config get cluster} on.
     *
     * @param version the config version, at least 0
     * @param nodes   each {@code host|ip|port} (ip may be empty) or {@code host:port}
     *                (written as {@code host|host|port}, for loopback servers named by address);
     *                at least one
     * @throws IllegalArgumentException naming a malformed node
     */
    public void set(long version, List<String> nodes) {
        if (version < 0) {
            throw new IllegalArgumentException("config version must be >= 0, was " + version);
        }
        Objects.requireNonNull(nodes, "nodes");
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a cluster configuration needs at least one node");
        }
        StringBuilder list = new StringBuilder();
        for (String n : nodes) {
            list.append(list.length() == 0 ? "" : " ").append(wire(n));
        }
        setData(version + "\n" + list + "\n");
    }

    /**
     * Serves {@code data} as the data block, with its correct length: for tests of a malformed
     * block (a version that is not a number, a node without a port).
     */
    public void setData(String data) {
        byte[] block = data.getBytes(StandardCharsets.UTF_8);
        setRawReply("CONFIG cluster 0 " + block.length + "\r\n" + data + "\r\nEND\r\n");
    }

    /** Serves {@code reply} exactly as given, for tests of a malformed reply (a wrong length, no END). */
    public void setRawReply(String reply) {
        this.reply = reply.getBytes(StandardCharsets.UTF_8);
    }

    /** The reply bytes the next {@code config get cluster} gets. */
    public byte[] reply() {
        return reply.clone();
    }

    /** How many {@code config get cluster} commands were received so far (counted before the reply is written). */
    public long configRequests() {
        return configRequests.get();
    }

    /** Connections open now (a client that closes its socket after each poll leaves none between polls). */
    public int openConnections() {
        return open.size();
    }

    private static String wire(String node) {
        Objects.requireNonNull(node, "node");
        if (node.indexOf('|') >= 0) {
            String[] f = node.split("\\|", -1);
            if (f.length != 3 || f[0].isEmpty() || !f[2].matches("\\d{1,5}")) {
                throw new IllegalArgumentException("node '" + node + "' is not host|ip|port");
            }
            return node;
        }
        int colon = node.lastIndexOf(':');
        if (colon <= 0 || !node.substring(colon + 1).matches("\\d{1,5}")) {
            throw new IllegalArgumentException("node '" + node + "' is neither host|ip|port nor host:port");
        }
        String host = node.substring(0, colon);
        return host + "|" + host + "|" + node.substring(colon + 1);
    }

    private void accept() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            open.add(s);
            try {
                connections.execute(() -> serve(s));
            } catch (RejectedExecutionException e) {
                closeQuietly(s);
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            String line;
            while (!closed && (line = line(in)) != null) {
                String command = line.trim();
                if (command.equals("config get cluster")) {
                    byte[] r = reply;
                    configRequests.incrementAndGet();
                    out.write(r);
                } else if (command.equals("version")) {
                    out.write(("VERSION " + VERSION + "\r\n").getBytes(StandardCharsets.US_ASCII));
                } else if (command.equals("quit")) {
                    return;
                } else {
                    out.write("ERROR\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            }
        } catch (SocketException e) {
            // the client or close() closed the connection
        } catch (IOException e) {
            // a broken connection is the client's business; the endpoint keeps serving others
        } finally {
            open.remove(s);
        }
    }

    /** A line ending in \n (a \r before it dropped), or null at the end of the stream or past MAX_LINE. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
            if (b.size() > MAX_LINE) {
                return null;
            }
        }
        return null;
    }

    /** Closes the listening socket and every connection, and waits up to 5 s for the endpoint's threads. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        for (Socket s : open) {
            closeQuietly(s);
        }
        connections.shutdownNow();
        try {
            acceptor.join(5_000);
            connections.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the endpoint's threads have all ended (after {@link #close()}). */
    public boolean terminated() {
        return !acceptor.isAlive() && connections.isTerminated();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing on the way out
        }
    }

    @Override
    public String toString() {
        return "cluster configuration endpoint " + address();
    }
}
