package io.hashring.client.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashring.client.membership.ClusterConfig.MalformedReplyException;
import io.hashring.client.membership.ClusterConfig.Node;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a 'config get cluster' reply is read as the public clients read it")
class ClusterConfigTest {

    /** elasticache_pyclient's test reply (test/test_memcache_client.py): the length counts "1\n...\n", 191 bytes. */
    static final String PYCLIENT_REPLY = "CONFIG cluster 0 191\r\n1\n"
            + "test1.rtstcw.0001.apne1.cache.amazonaws.com|172.31.12.60|11211 "
            + "test1.rtstcw.0002.apne1.cache.amazonaws.com|172.31.3.240|11211 "
            + "test1.rtstcw.0003.apne1.cache.amazonaws.com|172.31.10.26|11211\n\r\nEND\r\n";

    static ClusterConfig read(String reply) throws IOException {
        return ClusterConfig.read(new ByteArrayInputStream(reply.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    @DisplayName("the published example reply: version 1, three nodes in order, hosts, ips and ports")
    void readsThePublishedExample() throws IOException {
        ClusterConfig c = read(PYCLIENT_REPLY);
        assertThat(c.version()).isEqualTo(1);
        assertThat(c.nodes()).containsExactly(
                new Node("test1.rtstcw.0001.apne1.cache.amazonaws.com", "172.31.12.60", 11211),
                new Node("test1.rtstcw.0002.apne1.cache.amazonaws.com", "172.31.3.240", 11211),
                new Node("test1.rtstcw.0003.apne1.cache.amazonaws.com", "172.31.10.26", 11211));
    }

    @Test
    @DisplayName("data() writes the block the example's length counts: 191 bytes, lines ending in \\n")
    void dataIsTheCountedBlock() throws IOException {
        ClusterConfig c = read(PYCLIENT_REPLY);
        assertThat(c.data().getBytes(StandardCharsets.UTF_8)).hasSize(191);
        assertThat(PYCLIENT_REPLY).isEqualTo("CONFIG cluster 0 191\r\n" + c.data() + "\r\nEND\r\n");
    }

    @Test
    @DisplayName("\\r\\n inside the block (Dalli's test replies) and an empty ip field are accepted")
    void crlfInsideTheBlockAndEmptyIp() throws IOException {
        ClusterConfig c = read("CONFIG cluster 0 40\r\n12\r\na.cache|10.0.0.1|11211 b.cache||11212\r\n\r\nEND\r\n");
        assertThat(c.version()).isEqualTo(12);
        assertThat(c.nodes()).containsExactly(new Node("a.cache", "10.0.0.1", 11211), new Node("b.cache", "", 11212));
    }

    @Test
    @DisplayName("reads one reply and nothing more: two replies on one stream read as two")
    void oneReplyAtATime() throws IOException {
        String second = "CONFIG cluster 0 14\r\n2\nh|1.2.3.4|1\n\r\nEND\r\n";
        InputStream in = new ByteArrayInputStream((PYCLIENT_REPLY + second).getBytes(StandardCharsets.UTF_8));
        assertThat(ClusterConfig.read(in).version()).isEqualTo(1);
        assertThat(ClusterConfig.read(in).nodes()).containsExactly(new Node("h", "1.2.3.4", 1));
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    @DisplayName("an endpoint that is a plain memcached (ERROR) is named as such")
    void errorLine() {
        assertThatThrownBy(() -> read("ERROR\r\n")).isInstanceOf(MalformedReplyException.class)
                .hasMessage("the endpoint answered 'ERROR' to 'config get cluster' (not a cluster configuration endpoint?)");
    }

    @Test
    @DisplayName("malformed replies: each gets a one-line reason naming the bad part")
    void malformed() {
        assertThatThrownBy(() -> read("VALUE x 0 1\r\na\r\nEND\r\n")).isInstanceOf(MalformedReplyException.class)
                .hasMessage("expected 'CONFIG cluster <flags> <length>', got 'VALUE x 0 1'");
        assertThatThrownBy(() -> read("CONFIG cluster 0 9\r\nseven\nh|i|1\n\r\nEND\r\n")).isInstanceOf(MalformedReplyException.class)
                .hasMessage("config version 'seven' is not a number");
        assertThatThrownBy(() -> read("CONFIG cluster 0 9\r\n3\nh|11211\n\r\nEND\r\n")).isInstanceOf(MalformedReplyException.class)
                .hasMessage("config version 3: node 'h|11211' is not host|ip|port");
        assertThatThrownBy(() -> read("CONFIG cluster 0 9\r\n3\n|1.2.3.4|1\n\r\nEND\r\n")).isInstanceOf(MalformedReplyException.class)
                .hasMessage("config version 3: node '|1.2.3.4|1' has no host");
        assertThatThrownBy(() -> read("CONFIG cluster 0 9\r\n3\nh|i|x\n\r\nEND\r\n")).isInstanceOf(MalformedReplyException.class)
                .hasMessage("config version 3: port 'x' of node h is not a number");
        assertThatThrownBy(() -> read("CONFIG cluster 0 9\r\n3\nh|i|70000\n\r\nEND\r\n")).isInstanceOf(MalformedReplyException.class)
                .hasMessage("config version 3: port 70000 of node h is not 1..65535");
        assertThatThrownBy(() -> read("CONFIG cluster 0 2\r\n3\n\r\nEND\r\n")).isInstanceOf(MalformedReplyException.class)
                .hasMessageStartingWith("expected 2 lines (version, nodes) in the data block, got 1");
        assertThatThrownBy(() -> read("CONFIG cluster 0 99999999\r\n")).isInstanceOf(MalformedReplyException.class)
                .hasMessage("data length 99999999 is more than 1048576 bytes");
    }

    @Test
    @DisplayName("a reply cut short (no END) is an EOF, not a configuration")
    void cutShort() {
        assertThatThrownBy(() -> read("CONFIG cluster 0 14\r\n2\nh|1.2.3.4|1\n\r\n")).isInstanceOf(EOFException.class)
                .hasMessage("the endpoint closed the connection before the reply's END");
        assertThatThrownBy(() -> read("CONFIG cluster 0 14\r\n2\nh|1.2.3.4|1\n\r\nEN")).isInstanceOf(EOFException.class)
                .hasMessage("the reply ended inside a line: 'EN'");
    }

    @Test
    @DisplayName("control characters in a reason are escaped, so it stays one line")
    void reasonsAreOneLine() {
        assertThatThrownBy(() -> read("CONFIG cluster 0 9\r\nx\ty\nh|i|1\n\r\nEND\r\n")).hasMessage("config version 'x\\ty' is not a number");
        assertThat(List.of(ClusterConfig.printable("a\r\nb\u0001"))).containsExactly("a\\r\\nb\\x01");
    }
}
