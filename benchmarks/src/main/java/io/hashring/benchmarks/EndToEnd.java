package io.hashring.benchmarks;

import io.hashring.spymemcached.HashringSpymemcached;
import io.hashring.xmemcached.HashringXmemcached;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.spy.memcached.KetamaConnectionFactory;
import net.spy.memcached.MemcachedClient;

/**
 * End to end through the adapters users install: real memcached processes on 127.0.0.1, driven by
 * spymemcached 2.12.3 with its native {@code KetamaConnectionFactory} against
 * {@code hashring-spymemcached} (mode {@code spymemcached-ketama}, the same factory settings), and
 * by xmemcached 2.4.8 with its native {@code KetamaMemcachedSessionLocator} against
 * {@code hashring-xmemcached} (mode {@code xmemcached-ketama}), each pair placing every key on the
 * same server (checked per key before measuring). Workloads: single gets, bulk gets of 100 keys,
 * sets; with 1 and 4 threads. Rounds alternate native and hashring; each figure is the median
 * over rounds, and the ratio is hashring / native (above 1: hashring is faster).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.hashring.benchmarks.EndToEnd
 * [servers] [seconds-per-round] [rounds]} (defaults 4, 2, 3). Needs {@code memcached} on the
 * PATH. Starts and always stops its own servers; every loop is bounded in time and count.
 */
public final class EndToEnd {

    private static final int KEYS = 20_000;
    private static final int BULK = 100;
    private static final int[] THREADS = {1, 4};

    private EndToEnd() {
    }

    /** One client under test: the three operations the workloads use. */
    interface Driver extends AutoCloseable {
        Object get(String key) throws Exception;

        Map<String, Object> getBulk(List<String> keys) throws Exception;

        boolean set(String key, String value) throws Exception;

        /** The socket address the client routes {@code key} to. */
        Object serverOf(String key);

        @Override
        void close() throws IOException;
    }

    enum Workload {
        GET("get", 1), BULK100("getBulk(100)", BULK), SET("set", 1);

        final String label;
        final int keysPerOp;

        Workload(String label, int keysPerOp) {
            this.label = label;
            this.keysPerOp = keysPerOp;
        }
    }

    public static void main(String[] args) throws Exception {
        int servers = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.setProperty("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SunLogger");
        java.util.logging.Logger.getLogger("net.spy.memcached").setLevel(java.util.logging.Level.WARNING);

        List<Process> processes = new ArrayList<>();
        List<InetSocketAddress> addresses = new ArrayList<>();
        StringJoiner spec = new StringJoiner(",");
        try {
            for (int i = 0; i < servers; i++) {
                int port = freePort();
                processes.add(new ProcessBuilder("memcached", "-l", "127.0.0.1", "-p", String.valueOf(port), "-U", "0",
                        "-m", "64", "-t", "1", "-u", "nobody").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
                addresses.add(new InetSocketAddress("127.0.0.1", port));
                spec.add("127.0.0.1:" + port);
            }
            for (InetSocketAddress address : addresses) {
                awaitListening(address);
            }
            String[] keys = new String[KEYS];
            for (int i = 0; i < KEYS; i++) {
                keys[i] = String.format(Locale.ROOT, "e2e:%026d", i); // 30 bytes
            }
            compare("spymemcached", spymemcached(addresses), hashringSpymemcached(spec.toString()), keys, seconds, rounds);
            compare("xmemcached", xmemcached(addresses), hashringXmemcached(spec.toString()), keys, seconds, rounds);
        } finally {
            for (Process p : processes) {
                p.destroy();
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private static void compare(String library, Driver nat, Driver ours, String[] keys, double seconds, int rounds)
            throws Exception {
        try (nat; ours) {
            for (String key : keys) {
                Object a = nat.serverOf(key);
                Object b = ours.serverOf(key);
                if (!a.equals(b)) {
                    throw new IllegalStateException(library + ": key '" + key + "' routes to " + a + " natively but to " + b
                            + " through hashring");
                }
            }
            for (int i = 0; i < KEYS; i++) {
                if (!nat.set(keys[i], "v" + i)) {
                    throw new IllegalStateException("memcached did not store " + keys[i]);
                }
            }
            for (Workload w : Workload.values()) {
                for (int threads : THREADS) {
                    run(nat, w, threads, keys, Math.min(1.0, seconds)); // warm-up, both
                    run(ours, w, threads, keys, Math.min(1.0, seconds));
                    double[] n = new double[rounds];
                    double[] o = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                        n[r] = run(nat, w, threads, keys, seconds);
                        o[r] = run(ours, w, threads, keys, seconds);
                    }
                    double mn = median(n);
                    double mo = median(o);
                    System.out.printf(Locale.ROOT, "e2e %s %s %dt: native %.0f keys/s, hashring %.0f keys/s, ratio %.3f%n",
                            library, w.label, threads, mn, mo, mo / mn);
                }
            }
        }
    }

    /** Keys per second of {@code workload} on {@code threads} threads for {@code seconds}; every answer is checked. */
    private static double run(Driver client, Workload workload, int threads, String[] keys, double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            List<Future<Long>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t * (KEYS / threads);
                Callable<Long> loop = () -> worker(client, workload, keys, offset, end);
                done.add(pool.submit(loop));
            }
            long total = 0;
            for (Future<Long> f : done) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            return total / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static long worker(Driver client, Workload workload, String[] keys, int offset, long end) throws Exception {
        long count = 0;
        int next = offset;
        List<String> batch = new ArrayList<>(BULK);
        for (long loops = 0; loops < 50_000_000 && System.nanoTime() < end; loops++) {
            switch (workload) {
                case GET -> {
                    if (client.get(keys[next]) == null) {
                        throw new IllegalStateException("miss on " + keys[next]);
                    }
                    next = next + 1 == keys.length ? 0 : next + 1;
                }
                case SET -> {
                    if (!client.set(keys[next], "v" + next)) {
                        throw new IllegalStateException("set of " + keys[next] + " failed");
                    }
                    next = next + 1 == keys.length ? 0 : next + 1;
                }
                case BULK100 -> {
                    batch.clear();
                    for (int i = 0; i < BULK; i++) {
                        batch.add(keys[next]);
                        next = next + 1 == keys.length ? 0 : next + 1;
                    }
                    Map<String, Object> got = client.getBulk(batch);
                    if (got.size() != BULK) {
                        throw new IllegalStateException("bulk get returned " + got.size() + " of " + BULK + " keys");
                    }
                }
            }
            count += workload.keysPerOp;
        }
        return count;
    }

    // ------------------------------------------------------------------ the four clients

    private static Driver spymemcached(List<InetSocketAddress> addresses) throws IOException {
        return spy(new MemcachedClient(new KetamaConnectionFactory(), addresses));
    }

    private static Driver hashringSpymemcached(String servers) throws IOException {
        return spy(HashringSpymemcached.builder().servers(servers).mode("spymemcached-ketama")
                .connectionFactory(new KetamaConnectionFactory()).build());
    }

    private static Driver spy(MemcachedClient c) {
        return new Driver() {
            @Override
            public Object get(String key) {
                return c.get(key);
            }

            @Override
            public Map<String, Object> getBulk(List<String> keys) {
                return c.getBulk(keys);
            }

            @Override
            public boolean set(String key, String value) throws Exception {
                return c.set(key, 0, value).get(10, TimeUnit.SECONDS);
            }

            @Override
            public Object serverOf(String key) {
                return c.getNodeLocator().getPrimary(key).getSocketAddress();
            }

            @Override
            public void close() {
                c.shutdown(5, TimeUnit.SECONDS);
            }
        };
    }

    private static Driver xmemcached(List<InetSocketAddress> addresses) throws IOException {
        XMemcachedClientBuilder b = new XMemcachedClientBuilder(addresses);
        b.setSessionLocator(new KetamaMemcachedSessionLocator());
        return xm(b.build());
    }

    private static Driver hashringXmemcached(String servers) throws IOException {
        return xm(HashringXmemcached.builder().servers(servers).mode("xmemcached-ketama").build());
    }

    private static Driver xm(net.rubyeye.xmemcached.MemcachedClient c) {
        awaitSessions(c);
        return new Driver() {
            @Override
            public Object get(String key) throws Exception {
                return c.get(key);
            }

            @Override
            public Map<String, Object> getBulk(List<String> keys) throws Exception {
                return c.get(keys);
            }

            @Override
            public boolean set(String key, String value) throws Exception {
                return c.set(key, 0, value);
            }

            @Override
            public Object serverOf(String key) {
                return ((net.rubyeye.xmemcached.XMemcachedClient) c).getSessionLocator().getSessionByKey(key)
                        .getRemoteSocketAddress();
            }

            @Override
            public void close() throws IOException {
                c.shutdown();
            }
        };
    }

    /** xmemcached connects in the background: wait (bounded) until every server has a session. */
    private static void awaitSessions(net.rubyeye.xmemcached.MemcachedClient c) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && c.getAvailableServers().size() < c.getServersDescription().size()) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static double median(double[] values) {
        double[] a = values.clone();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** A free loopback port (for a memcached this benchmark starts). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits (at most 10 s) until something listens on {@code address}. */
    static void awaitListening(InetSocketAddress address) throws InterruptedException {
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
