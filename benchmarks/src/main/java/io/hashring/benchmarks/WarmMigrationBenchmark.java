package io.hashring.benchmarks;

import io.hashring.client.WarmMigration;
import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import io.hashring.spymemcached.HashringMemcachedClient;
import io.hashring.spymemcached.HashringSpymemcached;
import io.hashring.xmemcached.HashringXMemcachedClient;
import io.hashring.xmemcached.HashringXmemcached;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.spy.memcached.ConnectionFactoryBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * What warm migration costs, through both adapters on live memcached (4 servers grown to 5 on
 * 127.0.0.1 at runtime, by a client with warm migration and one without; one client thread,
 * microseconds per call):
 * <ul>
 *   <li>{@code hitPlain} / {@code hitInWindow}: a get that hits, by a client without warm migration
 *       and by one with a window open (a hit never touches an old server: the window costs a hit
 *       nothing but a volatile read);</li>
 *   <li>{@code missPlain} / {@code missInWindow}: a get of an absent key that moved (in a window
 *       the miss also asks the old server: one more round trip);</li>
 *   <li>{@code warmRead}: a get of a moved key whose value is only on its old server: the miss,
 *       the old server's read and the copy ({@code add}) to the new server, the whole price of a
 *       warm hit;</li>
 *   <li>{@code setPlain} / {@code setInWindow}: a set of a moved key (in a window it also deletes
 *       the old server's copy: spymemcached queues both at once, xmemcached waits for the delete
 *       first).</li>
 * </ul>
 * Sampled per call (JMH {@code SampleTime}): read the medians (p0.50). On a shared machine the means
 * are dominated by rare I/O-thread stalls (spymemcached's selector can sleep up to 1 s, see the
 * testkit's opTimeout note) that hit the plain and the warm client alike.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar WarmMigrationBenchmark -f 1 -wi 1 -w 1s -i 3 -r 1s}.
 * Needs {@code memcached} on the PATH; starts and always stops its own servers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
public class WarmMigrationBenchmark {

    private static final int SERVERS = 4;
    /** Keys written before the change for warmRead: about a fifth move, one warm read each. */
    private static final int POOL = 250_000;
    private static final int HOT = 2_000;

    @Param({"spymemcached", "xmemcached"})
    public String adapter;

    private final List<Process> processes = new ArrayList<>();
    private Adapter plain;
    private Adapter warm;
    private List<String> hot;
    private List<String> movedAbsent;
    private List<String> movedStored;
    private int next;
    private long wrapped;
    private boolean pool;

    /** The calls measured, the same for both adapters. */
    interface Adapter {
        Object get(String key) throws Exception;

        void set(String key, String value) throws Exception;

        void setNoWait(String key, String value) throws Exception;

        /** Waits until every queued write has been answered. */
        void drain() throws Exception;

        void add(Server server) throws Exception;

        Router<Server> router();

        void close() throws Exception;
    }

    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) throws Exception {
        List<Server> servers = new ArrayList<>();
        for (int i = 0; i <= SERVERS; i++) {
            int port = EndToEnd.freePort();
            processes.add(new ProcessBuilder("memcached", "-l", "127.0.0.1", "-p", String.valueOf(port), "-U", "0",
                    "-m", "256", "-t", "1", "-u", "root").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            servers.add(Server.parse("127.0.0.1:" + port));
        }
        for (Server s : servers) {
            EndToEnd.awaitListening(new InetSocketAddress(s.host(), s.port()));
        }
        List<Server> before = servers.subList(0, SERVERS);
        Server added = servers.get(SERVERS);
        // a miss streak that never ends the window: the benchmark measures misses on purpose
        WarmMigration on = WarmMigration.of(Duration.ofMinutes(30)).withMissStreak(Integer.MAX_VALUE);
        warm = open(before, on);
        plain = open(before, WarmMigration.off());
        Router<Server> old = warm.router();
        pool = params.getBenchmark().endsWith("warmRead");
        movedStored = new ArrayList<>();
        List<String> written = new ArrayList<>();
        if (pool) {
            for (int i = 0; i < POOL; i++) {
                String k = "pool:" + i;
                warm.setNoWait(k, "value-" + i);
                written.add(k);
            }
            warm.drain(); // the writes above are pipelined: measure only once every server has answered them
        }
        // both clients get the fifth server the same way (at runtime), so they differ only in the window
        warm.add(added);
        plain.add(added);
        Thread.sleep(500); // the added server's connection comes up
        Router<Server> now = plain.router();
        for (String k : written) {
            if (!old.route(k).id().equals(now.route(k).id())) {
                movedStored.add(k);
            }
        }
        hot = new ArrayList<>();
        for (int i = 0; i < HOT; i++) {
            String k = "hot:" + i;
            hot.add(k);
            warm.set(k, "value-" + i); // after the change: on the new owners
            plain.set(k, "value-" + i);
        }
        movedAbsent = new ArrayList<>();
        for (int i = 0; movedAbsent.size() < HOT; i++) {
            String k = "absent:" + i;
            if (!old.route(k).id().equals(now.route(k).id())) {
                movedAbsent.add(k);
            }
        }
        next = 0;
    }

    private Adapter open(List<Server> servers, WarmMigration warmMigration) throws IOException {
        if (adapter.equals("spymemcached")) {
            HashringMemcachedClient c = HashringSpymemcached.builder().servers(servers).warmMigration(warmMigration)
                    .connectionFactory(new ConnectionFactoryBuilder().setOpTimeout(2500).setDaemon(true)).build();
            return new Adapter() {
                public Object get(String key) {
                    return c.get(key);
                }

                public void set(String key, String value) throws Exception {
                    c.set(key, 0, value).get(2500, TimeUnit.MILLISECONDS);
                }

                public void setNoWait(String key, String value) {
                    c.set(key, 0, value);
                }

                public void drain() {
                    if (!c.waitForQueues(120, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("spymemcached queues did not drain in 120 s");
                    }
                }

                public void add(Server server) throws IOException {
                    c.addServer(server);
                }

                public Router<Server> router() {
                    return c.router();
                }

                public void close() {
                    c.shutdown(2, TimeUnit.SECONDS);
                }
            };
        }
        HashringXMemcachedClient c = HashringXmemcached.builder().servers(servers).warmMigration(warmMigration)
                .configure(b -> b.setOpTimeout(2500)).build();
        return new Adapter() {
            public Object get(String key) throws Exception {
                return c.get(key);
            }

            public void set(String key, String value) throws Exception {
                c.set(key, 0, value);
            }

            public void setNoWait(String key, String value) throws Exception {
                c.setWithNoReply(key, 0, value);
            }

            public void drain() throws Exception {
                // a synchronous write per server is answered after that server's queued noreply writes
                java.util.Set<String> done = new java.util.HashSet<>();
                for (int i = 0; done.size() < c.servers().size() && i < 100_000; i++) {
                    String k = "drain:" + i;
                    if (done.add(c.router().route(k).id())) {
                        c.set(k, 0, "x", 120_000);
                    }
                }
            }

            public void add(Server server) throws IOException {
                c.addServer(server);
            }

            public Router<Server> router() {
                return c.router();
            }

            public void close() throws IOException {
                c.shutdown();
            }
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (pool && wrapped > 0) {
            System.out.println("warmRead: the key pool wrapped " + wrapped + " times (later reads were plain hits)");
        }
        try {
            if (warm != null) {
                warm.close();
            }
            if (plain != null) {
                plain.close();
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
            processes.clear();
        }
    }

    private String nextOf(List<String> keys) {
        String k = keys.get(next);
        if (++next == keys.size()) {
            next = 0;
            wrapped++;
        }
        return k;
    }

    @Benchmark
    public Object hitPlain() throws Exception {
        return plain.get(nextOf(hot));
    }

    @Benchmark
    public Object hitInWindow() throws Exception {
        return warm.get(nextOf(hot));
    }

    @Benchmark
    public Object missPlain() throws Exception {
        return plain.get(nextOf(movedAbsent));
    }

    @Benchmark
    public Object missInWindow() throws Exception {
        return warm.get(nextOf(movedAbsent));
    }

    @Benchmark
    public Object warmRead() throws Exception {
        return warm.get(nextOf(movedStored));
    }

    @Benchmark
    public void setPlain() throws Exception {
        plain.set(nextOf(movedAbsent), "v");
    }

    @Benchmark
    public void setInWindow() throws Exception {
        warm.set(nextOf(movedAbsent), "v");
    }
}
