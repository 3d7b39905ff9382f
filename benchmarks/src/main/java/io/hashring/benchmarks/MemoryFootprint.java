package io.hashring.benchmarks;

import com.google.code.yanf4j.core.Session;
import io.hashring.core.Ring;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedNode;
import org.openjdk.jol.info.GraphLayout;

/**
 * Retained bytes per ring point (JOL {@link GraphLayout}) for rings of {@code n} servers (default
 * 1000, 160 points each) in hashring, spymemcached and xmemcached. Counted: everything reachable
 * from the ring object, minus what the user owns anyway (the server objects, addresses, and our
 * node values). Prints one line per library and, with {@code --json FILE}, writes them as JSON.
 *
 * <p>Run: {@code java -Djdk.attach.allowAttachSelf=true -cp benchmarks/target/benchmarks.jar
 * io.hashring.benchmarks.MemoryFootprint [n] [--json FILE]}.
 */
public final class MemoryFootprint {

    private MemoryFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int n = 1000;
        String json = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--json")) {
                json = args[++i];
            } else {
                n = Integer.parseInt(args[i]);
            }
        }
        List<InetSocketAddress> addresses = Fixtures.addresses(n);

        Ring<Integer> ring = Fixtures.ketamaRing(addresses);
        GraphLayout ours = GraphLayout.parseInstance(ring)
                .subtract(GraphLayout.parseInstance(ring.nodes().stream().map(node -> node.value()).toArray()));
        long oursPoints = ring.points();

        List<MemcachedNode> spyNodes = Fixtures.spymemcachedNodes(addresses);
        KetamaNodeLocator spy = Fixtures.spymemcachedLocator(spyNodes);
        GraphLayout spyLayout = GraphLayout.parseInstance(field(spy, "ketamaNodes"))
                .subtract(GraphLayout.parseInstance(spyNodes.toArray()));
        long spyPoints = ((java.util.Map<?, ?>) field(spy, "ketamaNodes")).size();

        List<Session> sessions = Fixtures.xmemcachedSessions(addresses);
        KetamaMemcachedSessionLocator xmem = Fixtures.xmemcachedLocator(sessions);
        GraphLayout xmemLayout = GraphLayout.parseInstance(field(xmem, "ketamaSessions"))
                .subtract(GraphLayout.parseInstance(sessions.toArray()));
        long xmemPoints = ((java.util.Map<?, ?>) field(xmem, "ketamaSessions")).size();

        StringBuilder out = new StringBuilder("{\"servers\": " + n);
        out.append(", ").append(line("hashring", ours.totalSize(), oursPoints));
        out.append(", ").append(line("spymemcached", spyLayout.totalSize(), spyPoints));
        out.append(", ").append(line("xmemcached", xmemLayout.totalSize(), xmemPoints));
        out.append("}");
        if (json != null) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(json), out + "\n");
        }
    }

    private static String line(String library, long bytes, long points) {
        double perPoint = (double) bytes / points;
        System.out.printf(Locale.ROOT, "memory  %-13s %9d points %11d bytes %7.2f B/point%n", library, points, bytes, perPoint);
        return String.format(Locale.ROOT, "\"%s\": {\"points\": %d, \"bytes\": %d, \"bytesPerPoint\": %.3f}", library, points, bytes, perPoint);
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }
}
