package io.hashring.client.membership;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One reply to {@code config get cluster}, the cluster-discovery command of ElastiCache and
 * Memorystore for Memcached configuration endpoints, as the public clients read it:
 *
 * <pre>
 * CONFIG cluster 0 &lt;length&gt;\r\n
 * &lt;version&gt;\n
 * &lt;host&gt;|&lt;ip&gt;|&lt;port&gt; &lt;host&gt;|&lt;ip&gt;|&lt;port&gt; ...\n
 * \r\n
 * END\r\n
 * </pre>
 *
 * <p>{@code length} counts the data block: the version line and the node line with their
 * {@code \n} endings, not the {@code \r\n} that ends the block (elasticache_pyclient's test
 * reply {@code CONFIG cluster 0 191} has a 191-byte block). Inside the block lines end with
 * {@code \n}: xmemcached's {@code TextAWSElasticCacheConfigCommand} splits the reply on
 * {@code \r\n} and concatenates what is between {@code CONFIG} and {@code END} without a
 * separator, so {@code \r\n} inside the block would make {@code AWSUtils.parseConfiguration} see
 * one line. Like that parser and the AWS cluster client's
 * {@code AddrUtil.parseClusterTypeConfiguration}, this one also accepts {@code \r\n} inside the
 * block (Dalli's tests write it so), trims it, and wants exactly two lines. It reads up to
 * {@code END} rather than trusting the length, as those clients do: AWS's documented example reply
 * says 147 for a 136-byte block.
 *
 * <p>The ip field may be empty (a node whose address is not known yet); the AWS client then
 * connects by host name, xmemcached always does. Node identity is {@code host:port} either way.
 *
 * @param version the cluster's configuration version: increases with every change of the node list
 * @param nodes   the nodes, in the endpoint's order; never empty
 */
public record ClusterConfig(long version, List<Node> nodes) {

    /** The command a client sends; the endpoint answers with one reply as above. */
    public static final String COMMAND = "config get cluster";

    /** A longer first line is refused: {@code CONFIG cluster 0 <length>} is about 30 bytes. */
    static final int MAX_LINE = 1024;
    /** A longer data block is refused before reading it (a 1000-node cluster is about 80 KB). */
    static final int MAX_LENGTH = 1 << 20;

    private static final Pattern HEADER = Pattern.compile("CONFIG cluster (\\d+) (\\d+)");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern LINE_BREAK = Pattern.compile("\\r?\\n");

    /**
     * One node of the reply.
     *
     * @param host the node's DNS name (its stable identity)
     * @param ip   its address, or empty when the endpoint does not know it yet
     * @param port 1..65535
     */
    public record Node(String host, String ip, int port) {

        public Node {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(ip, "ip");
            if (host.isEmpty()) {
                throw new IllegalArgumentException("node host is empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port of node " + host + " must be 1..65535, was " + port);
            }
        }

        /** {@code host|ip|port}, as the endpoint writes it. */
        public String wire() {
            return host + "|" + ip + "|" + port;
        }
    }

    public ClusterConfig {
        nodes = List.copyOf(Objects.requireNonNull(nodes, "nodes"));
        if (version < 0) {
            throw new IllegalArgumentException("config version must be >= 0, was " + version);
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("config version " + version + " has no nodes");
        }
    }

    /** A malformed reply: the message says what is wrong, in one line. */
    public static final class MalformedReplyException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedReplyException(String message) {
            super(message);
        }
    }

    /**
     * Reads one reply from {@code in}, up to and including its {@code END\r\n}, and nothing more
     * (the stream can carry the next reply).
     *
     * @throws MalformedReplyException naming what is wrong: an error line instead of {@code CONFIG}
     *                                 (an endpoint that is a plain memcached answers {@code ERROR}),
     *                                 a bad length, a version that is not a number, a node that is not
     *                                 {@code host|ip|port}, more than {@value #MAX_LENGTH} bytes before {@code END}
     * @throws IOException             when the stream fails or ends early
     */
    public static ClusterConfig read(InputStream in) throws IOException {
        String header = line(in, MAX_LINE);
        if (header.equals("ERROR") || header.startsWith("CLIENT_ERROR") || header.startsWith("SERVER_ERROR")) {
            throw new MalformedReplyException("the endpoint answered '" + printable(header) + "' to '" + COMMAND
                    + "' (not a cluster configuration endpoint?)");
        }
        var m = HEADER.matcher(header);
        if (!m.matches()) {
            throw new MalformedReplyException("expected 'CONFIG cluster <flags> <length>', got '" + printable(header) + "'");
        }
        if (m.group(2).length() > 9 || Long.parseLong(m.group(2)) > MAX_LENGTH) {
            throw new MalformedReplyException("data length " + m.group(2) + " is more than " + MAX_LENGTH + " bytes");
        }
        // Read to END by lines, as xmemcached and the Dalli and Go clients do, not by the length:
        // AWS's own documented example says 147 for a 136-byte block, and clients do not rely on it.
        StringBuilder data = new StringBuilder();
        while (true) {
            String line = line(in, MAX_LENGTH - data.length() + 2);
            if (line.equals("END")) {
                break;
            }
            data.append(line).append('\n');
            if (data.length() > MAX_LENGTH + 2) {
                throw new MalformedReplyException("no END within " + MAX_LENGTH + " bytes of data");
            }
        }
        return parseData(data.toString());
    }

    /**
     * Parses the data block alone: {@code <version>\n<host|ip|port ...>\n}.
     *
     * @throws MalformedReplyException naming what is wrong
     */
    public static ClusterConfig parseData(String data) throws MalformedReplyException {
        String[] lines = LINE_BREAK.split(data.trim(), -1);
        if (lines.length != 2) {
            throw new MalformedReplyException("expected 2 lines (version, nodes) in the data block, got " + lines.length + ": '"
                    + printable(data) + "'");
        }
        String v = lines[0].trim();
        long version;
        try {
            version = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new MalformedReplyException("config version '" + printable(v) + "' is not a number");
        }
        if (version < 0) {
            throw new MalformedReplyException("config version " + version + " is negative");
        }
        String list = lines[1].trim();
        if (list.isEmpty()) {
            throw new MalformedReplyException("config version " + version + " has no nodes");
        }
        List<Node> nodes = new ArrayList<>();
        for (String spec : WHITESPACE.split(list)) {
            nodes.add(node(version, spec));
        }
        return new ClusterConfig(version, nodes);
    }

    private static Node node(long version, String spec) throws MalformedReplyException {
        String[] f = spec.split("\\|", -1);
        if (f.length != 3) {
            throw new MalformedReplyException("config version " + version + ": node '" + printable(spec)
                    + "' is not host|ip|port");
        }
        if (f[0].isEmpty()) {
            throw new MalformedReplyException("config version " + version + ": node '" + printable(spec) + "' has no host");
        }
        int port;
        try {
            port = Integer.parseInt(f[2]);
        } catch (NumberFormatException e) {
            throw new MalformedReplyException("config version " + version + ": port '" + printable(f[2]) + "' of node " + f[0]
                    + " is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new MalformedReplyException("config version " + version + ": port " + port + " of node " + f[0]
                    + " is not 1..65535");
        }
        return new Node(f[0], f[1], port);
    }

    /** The data block an endpoint writes for this configuration: {@code <version>\n<nodes>\n}. */
    public String data() {
        StringBuilder b = new StringBuilder().append(version).append('\n');
        for (int i = 0; i < nodes.size(); i++) {
            b.append(i == 0 ? "" : " ").append(nodes.get(i).wire());
        }
        return b.append('\n').toString();
    }

    /** One line ending in {@code \r\n}, without it; at most {@code max} bytes. */
    private static String line(InputStream in, int max) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                int next = in.read();
                if (next == '\n') {
                    return utf8(b.toByteArray());
                }
                b.write(c);
                c = next;
                if (c == -1) {
                    break;
                }
            }
            b.write(c);
            if (b.size() > max) {
                throw new MalformedReplyException("a reply line is longer than " + max + " bytes: '"
                        + printable(utf8Lenient(b.toByteArray())) + "...'");
            }
        }
        throw new EOFException(b.size() == 0 ? "the endpoint closed the connection before the reply's END"
                : "the reply ended inside a line: '" + printable(utf8Lenient(b.toByteArray())) + "'");
    }

    private static String utf8(byte[] bytes) throws MalformedReplyException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedReplyException("the reply is not UTF-8: '" + printable(utf8Lenient(bytes)) + "'");
        }
    }

    private static String utf8Lenient(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Control characters as escapes and at most 200 characters, so a reason stays one readable line. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 200; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.length() >= 200 ? b + "..." : b.toString();
    }
}
