package io.hashring.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.KetamaConnectionFactory;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.NodeLocator;

/**
 * End to end: real memcached processes on 127.0.0.1, driven through spymemcached 2.12.3 with its
 * native {@code KetamaNodeLocator} and with a hashring-backed locator ({@link HashringNodeLocator}),
 * everything else identical ({@link KetamaConnectionFactory}). The workload is bulk gets of 100
 * keys (each key routed once per get) over a preloaded key set; rounds alternate between the two
 * clients, and the figure is the median keys per second of each. Before measuring, every key is
 * checked to route to the same server in both.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.hashring.benchmarks.EndToEnd
 * [servers] [seconds-per-round] [rounds]} (defaults 4, 5, 3). Needs {@code memcached} on the PATH.
 * Starts and always stops its own servers; every loop is bounded in time and count.
 */
public final class EndToEnd {

    private static final int KEYS = 20_000;
    private static final int BULK = 100;

    private EndToEnd() {
    }

    public static void main(String[] args) throws Exception {
        int servers = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.setProperty("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SunLogger");
        java.util.logging.Logger.getLogger("net.spy.memcached").setLevel(java.util.logging.Level.WARNING);

        List<Process> processes = new ArrayList<>();
        List<InetSocketAddress> addresses = new ArrayList<>();
        MemcachedClient nativeClient = null;
        MemcachedClient hashringClient = null;
        try {
            for (int i = 0; i < servers; i++) {
                int port = freePort();
                processes.add(new ProcessBuilder("memcached", "-l", "127.0.0.1", "-p", String.valueOf(port), "-U", "0",
                        "-m", "64", "-t", "1", "-u", "root").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
                addresses.add(new InetSocketAddress("127.0.0.1", port));
            }
            for (InetSocketAddress address : addresses) {
                awaitListening(address);
            }
            nativeClient = new MemcachedClient(new KetamaConnectionFactory(), addresses);
            hashringClient = new MemcachedClient(new KetamaConnectionFactory() {
                @Override
                public NodeLocator createLocator(List<MemcachedNode> nodes) {
                    return new HashringNodeLocator(Fixtures.spymemcachedKetama(), nodes);
                }
            }, addresses);

            String[] keys = new String[KEYS];
            for (int i = 0; i < KEYS; i++) {
                keys[i] = String.format(Locale.ROOT, "e2e:%026d", i); // 30 bytes
            }
            NodeLocator a = nativeClient.getNodeLocator();
            NodeLocator b = hashringClient.getNodeLocator();
            for (String key : keys) {
                Object sa = a.getPrimary(key).getSocketAddress();
                Object sb = b.getPrimary(key).getSocketAddress();
                if (!sa.equals(sb)) {
                    throw new IllegalStateException("key '" + key + "' routes to " + sa + " natively but to " + sb + " through hashring");
                }
            }
            for (int i = 0; i < KEYS; i++) {
                nativeClient.set(keys[i], 0, "v" + i);
            }
            if (!nativeClient.set(keys[KEYS - 1], 0, "v" + (KEYS - 1)).get(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("memcached did not store the keys");
            }

            run(nativeClient, keys, 1.0); // warm-up, both
            run(hashringClient, keys, 1.0);
            double[] nat = new double[rounds];
            double[] ours = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                nat[r] = run(nativeClient, keys, seconds);
                ours[r] = run(hashringClient, keys, seconds);
                System.out.printf(Locale.ROOT, "round %d: spymemcached native %.0f keys/s, hashring locator %.0f keys/s%n", r + 1, nat[r], ours[r]);
            }
            double mn = median(nat);
            double mo = median(ours);
            System.out.printf(Locale.ROOT, "e2e %d servers, getBulk(%d): native %.0f keys/s, hashring %.0f keys/s, ratio %.3f%n",
                    servers, BULK, mn, mo, mo / mn);
        } finally {
            if (nativeClient != null) {
                nativeClient.shutdown(5, TimeUnit.SECONDS);
            }
            if (hashringClient != null) {
                hashringClient.shutdown(5, TimeUnit.SECONDS);
            }
            for (Process p : processes) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    /** Keys fetched per second with bulk gets for {@code seconds}; every value is checked. */
    private static double run(MemcachedClient client, String[] keys, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long fetched = 0;
        long start = System.nanoTime();
        List<String> batch = new ArrayList<>(BULK);
        int next = 0;
        for (long loops = 0; loops < 10_000_000 && System.nanoTime() < end; loops++) {
            batch.clear();
            for (int i = 0; i < BULK; i++) {
                batch.add(keys[next]);
                next = next + 1 == keys.length ? 0 : next + 1;
            }
            Map<String, Object> got = client.getBulk(batch);
            if (got.size() != BULK) {
                throw new IllegalStateException("bulk get returned " + got.size() + " of " + BULK + " keys");
            }
            fetched += BULK;
        }
        return fetched / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] values) {
        double[] a = values.clone();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(InetSocketAddress address) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(address, 200);
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("memcached did not start listening on " + address);
    }
}
