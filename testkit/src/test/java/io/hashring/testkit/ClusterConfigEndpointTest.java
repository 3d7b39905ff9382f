package io.hashring.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashring.client.membership.ClusterConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.rubyeye.xmemcached.aws.AWSElasticCacheClient;
import net.rubyeye.xmemcached.aws.AWSUtils;
import net.rubyeye.xmemcached.aws.CacheNode;
import net.rubyeye.xmemcached.aws.ClusterConfiguration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
@DisplayName("the cluster configuration endpoint stand-in answers like ElastiCache, as the public clients read it")
class ClusterConfigEndpointTest {

    @Test
    @DisplayName("the reply's bytes: CONFIG cluster 0 <data bytes>, version\\n, nodes\\n, \\r\\n, END\\r\\n")
    void exactBytes() throws IOException {
        try (ClusterConfigEndpoint e = ClusterConfigEndpoint.start(12, List.of("a.cache|10.0.0.1|11211", "b.cache||11212"))) {
            String data = "12\na.cache|10.0.0.1|11211 b.cache||11212\n";
            String expected = "CONFIG cluster 0 " + data.length() + "\r\n" + data + "\r\nEND\r\n";
            assertThat(new String(e.reply(), StandardCharsets.UTF_8)).isEqualTo(expected);
            assertThat(ask(e, "config get cluster\r\n", expected.length())).isEqualTo(expected);
            e.set(3, List.of("127.0.0.1:40001"));
            assertThat(new String(e.reply(), StandardCharsets.UTF_8))
                    .isEqualTo("CONFIG cluster 0 28\r\n3\n127.0.0.1|127.0.0.1|40001\n\r\nEND\r\n");
        }
    }

    @Test
    @DisplayName("xmemcached's own AWS parser reads the endpoint's data block: version, hosts, ips, ports in order")
    void xmemcachedParserReadsTheBlock() {
        try (ClusterConfigEndpoint e = ClusterConfigEndpoint.start(7, List.of("a.cache|10.0.0.1|11211", "b.cache|10.0.0.2|11212"))) {
            ClusterConfiguration c = AWSUtils.parseConfiguration(dataBlock(e));
            assertThat(c.getVersion()).isEqualTo(7);
            assertThat(c.getNodeList()).extracting(CacheNode::getHostName, CacheNode::getIpAddress, CacheNode::getPort)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("a.cache", "10.0.0.1", 11211),
                            org.assertj.core.groups.Tuple.tuple("b.cache", "10.0.0.2", 11212));
        }
    }

    @Test
    @DisplayName("hashring's ClusterConfig reads the endpoint's whole reply to the same configuration")
    void clusterConfigReadsTheReply() throws IOException {
        try (ClusterConfigEndpoint e = ClusterConfigEndpoint.start(7, List.of("a.cache|10.0.0.1|11211", "b.cache||11212"))) {
            ClusterConfig c = ClusterConfig.read(new ByteArrayInputStream(e.reply()));
            assertThat(c.version()).isEqualTo(7);
            assertThat(c.nodes()).containsExactly(new ClusterConfig.Node("a.cache", "10.0.0.1", 11211),
                    new ClusterConfig.Node("b.cache", "", 11212));
            assertThat(c.data()).isEqualTo(dataBlock(e));
        }
    }

    /**
     * Only the first read: after it, xmemcached's AWSElasticCacheClient drops the configuration
     * endpoint and sends later polls to a cache node (key "cluster"), which on ElastiCache answers
     * {@code config get cluster} too; a plain memcached answers ERROR, so later changes are not seen
     * here. hashring's ClusterConfigSource keeps polling the endpoint.
     */
    @Test
    @DisplayName("xmemcached's AWSElasticCacheClient reads the endpoint over the wire and stores on the real memcached it names")
    void xmemcachedClientDiscovers() throws Exception {
        try (MemcachedCluster cluster = MemcachedCluster.start(2);
                ClusterConfigEndpoint e = ClusterConfigEndpoint.start(4, List.of(cluster.server(1).address()))) {
            MemcachedServer named = cluster.server(1);
            AWSElasticCacheClient client = new AWSElasticCacheClient(new InetSocketAddress(e.host(), e.port()), 60_000);
            try {
                assertThat(client.getCurrentConfig().getVersion()).as("the configuration xmemcached read at start").isEqualTo(4);
                assertThat(client.getCurrentConfig().getNodeList()).extracting(CacheNode::getHostName, CacheNode::getPort)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(named.host(), named.port()));
                assertThat(client.set("discovered", 0, "one")).isTrue();
                assertThat(named.get("discovered")).as("the key xmemcached stored, on the one discovered server").isEqualTo("one");
                assertThat(cluster.server(0).get("discovered")).as("the server the endpoint does not name").isNull();
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    @DisplayName("version answers VERSION 1.4.14, anything else ERROR, and one connection serves many commands")
    void otherCommands() throws IOException {
        try (ClusterConfigEndpoint e = ClusterConfigEndpoint.start(1, List.of("h|i|1"))) {
            String v = "VERSION 1.4.14\r\n";
            String reply = new String(e.reply(), StandardCharsets.UTF_8);
            assertThat(ask(e, "version\r\nget foo\r\nconfig get cluster\r\n", v.length() + 7 + reply.length()))
                    .isEqualTo(v + "ERROR\r\n" + reply);
            assertThat(e.configRequests()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("set() refuses a malformed node list with the node named")
    void badNodes() {
        try (ClusterConfigEndpoint e = ClusterConfigEndpoint.start(1, List.of("h|i|1"))) {
            assertThatThrownBy(() -> e.set(2, List.of("h|1"))).hasMessage("node 'h|1' is not host|ip|port");
            assertThatThrownBy(() -> e.set(2, List.of("nohost"))).hasMessage("node 'nohost' is neither host|ip|port nor host:port");
            assertThatThrownBy(() -> e.set(2, List.of())).hasMessage("a cluster configuration needs at least one node");
        }
    }

    @Test
    @DisplayName("close() ends the endpoint's threads and open connections, and the port refuses afterwards")
    void closesCleanly() throws Exception {
        ClusterConfigEndpoint e = ClusterConfigEndpoint.start(1, List.of("h|i|1"));
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < ClusterConfigEndpoint.MAX_CONNECTIONS + 3; i++) {
                Socket s = new Socket(e.host(), e.port());
                s.setSoTimeout(5_000);
                clients.add(s);
            }
            e.close();
            assertThat(e.terminated()).as("acceptor and connection threads ended").isTrue();
            for (Socket s : clients) {
                assertThat(closedByPeer(s)).as("a client's connection after close()").isTrue();
            }
            assertThatThrownBy(() -> new Socket(e.host(), e.port()).close()).isInstanceOf(IOException.class);
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            e.close();
        }
    }

    /** The data block as xmemcached's TextAWSElasticCacheConfigCommand hands it on: the \r\n lines between CONFIG and END, joined. */
    static String dataBlock(ClusterConfigEndpoint e) {
        String reply = new String(e.reply(), StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        for (String line : reply.split("\r\n")) {
            if (!line.startsWith("CONFIG") && !line.equals("END")) {
                b.append(line);
            }
        }
        return b.toString();
    }

    private static boolean closedByPeer(Socket s) {
        try {
            return s.getInputStream().read() == -1;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset: closed by the endpoint
        }
    }

    private static String ask(ClusterConfigEndpoint e, String commands, int replyBytes) throws IOException {
        try (Socket s = new Socket(e.host(), e.port())) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            out.write(commands.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readNBytes(replyBytes), StandardCharsets.UTF_8);
        }
    }
}
