package io.hashring.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.hashring.core.Router;

/**
 * The warm-migration kit: rules R4.x against 13 real memcached processes. Extend it with a
 * {@link ClientFactory} whose clients have warm migration turned on (a window longer than a rule,
 * i.e. more than a minute), exactly like {@link LiveKit}:
 *
 * <pre>{@code
 * class MyWarmClientTest extends WarmMigrationKit {
 *     protected ClientFactory clientFactory() { return new MyClientFactory().withWarmMigration(); }
 * }
 * }</pre>
 *
 * A topology change is made on the live client when the factory declares
 * {@link Capability#RUNTIME_ADD_SERVER} / {@link Capability#RUNTIME_REMOVE_SERVER}, else by a new
 * client over the new server list (which is what a client without runtime changes does in
 * production: it is restarted). A client that also implements {@link WarmMigrationProbe} has its
 * counters written into the report. Every client call is bounded by the hang timeout.
 *
 * <p>R4.5 compares the client with the same client without warm migration, under load, and the report
 * charts both hit rates over time: override {@link #withoutWarmMigration()} to run it (else it is skipped).
 */
@MemcachedNodes(count = 13)
@ExtendWith(KitExtension.class)
@DisplayName("Warm migration kit")
public abstract class WarmMigrationKit extends ClientKitSupport {

    /**
     * R4.1/R4.2's bound. With warm migration every key whose old server is alive is readable, so
     * the expectation is 100%; 1% leaves room for a server's own eviction, never for a routing
     * loss (plain ketama keeps about 62% growing 8 to 13 and 8/13 of them shrinking back).
     */
    static final double WARM_RETENTION_BOUND = 0.99;
    /** How long R4.3's threads run, and at most how many operations each makes. */
    static final Duration CONCURRENT_RUN = Duration.ofSeconds(3);
    static final long MAX_OPS_PER_THREAD = 100_000;

    /** R4.5's time bucket: short enough to show a change's dip, long enough for ~180 reads per client at full pace. */
    static final Duration HIT_RATE_BUCKET = Duration.ofMillis(250);
    /** R4.5's keys per client (each of its two load threads owns half of them). */
    static final int LOAD_KEYS = 1500;
    /** R4.5's pace: at most this many operations per load thread per bucket (a steady load, not a flood). */
    static final int OPS_PER_BUCKET_PER_THREAD = 100;
    /** R4.5's share of writes (a new version of one of the thread's own keys); the rest are gets. */
    static final int WRITE_PERCENT = 10;
    /** R4.5: load before the grow, and at least after each change. */
    static final Duration BEFORE_CHANGE = Duration.ofSeconds(1);
    static final Duration AFTER_CHANGE = Duration.ofMillis(1500);
    /** R4.5: after a change the load goes on until the client without warm migration made this many first reads (bounded). */
    static final int MIN_FIRST_READS = 400;
    static final Duration MAX_AFTER_CHANGE = Duration.ofSeconds(10);
    /** R4.5: buckets with fewer reads (a stalled moment) are charted but not held to the bound one by one. */
    static final int MIN_BUCKET_READS = 20;

    /** Filled by {@link MemcachedNodes}. */
    protected MemcachedCluster cluster;

    @Override
    public final String kitName() {
        return "warm";
    }

    @Override
    MemcachedCluster cluster() {
        return cluster;
    }

    /**
     * The same client as {@link #clientFactory()} with warm migration off, for R4.5's comparison (its hit rate
     * over time beside the warm client's); empty (the default) skips R4.5 with the reason. A client that has
     * no warm migration at all may return its own factory (R4.5 then fails, as it should).
     */
    protected Optional<ClientFactory> withoutWarmMigration() {
        return Optional.empty();
    }

    /** A client over {@code from}, changed to {@code to}: on the live client if it can, else a new client. */
    private ClientUnderTest change(ClientUnderTest client, List<String> from, List<String> to) {
        return change(factory(), client, from, to);
    }

    /** {@link #change(ClientUnderTest, List, List)} for a client of {@code f}. */
    private ClientUnderTest change(ClientFactory f, ClientUnderTest client, List<String> from, List<String> to) {
        List<String> added = to.stream().filter(a -> !from.contains(a)).toList();
        List<String> removed = from.stream().filter(a -> !to.contains(a)).toList();
        boolean live = (added.isEmpty() || f.capabilities().has(Capability.RUNTIME_ADD_SERVER))
                && (removed.isEmpty() || f.capabilities().has(Capability.RUNTIME_REMOVE_SERVER));
        if (!live) {
            Figures.current().put("via", "a new client over " + to.size() + " servers (no runtime change)");
            return client(f, ClientConfig.ketama(to));
        }
        for (String a : added) {
            call("addServer " + a, () -> {
                client.addServer(ServerSpec.of(a));
                return null;
            });
        }
        for (String a : removed) {
            call("removeServer " + a, () -> {
                client.removeServer(a);
                return null;
            });
        }
        Figures.current().put("via", "the live client changed");
        // Like a new client, the changed one is read from only once it is connected to every server (bounded):
        // a copy to an added server that is still connecting is lost, which says nothing about warm migration.
        awaitConnected(client, to);
        return client;
    }

    private static void counters(ClientUnderTest client) {
        if (client instanceof WarmMigrationProbe p) {
            Figures.current().put("warmCounters", p.warmCounters());
        }
    }

    /** For each key, whether its owner under {@code model} holds {@code value(key)} (text probes of the servers). */
    private Map<String, Boolean> onOwner(List<String> keys, RoutingUnderTest<?> model) {
        Map<String, List<String>> byOwner = new LinkedHashMap<>();
        keys.forEach(k -> byOwner.computeIfAbsent(model.routeAddress(k), x -> new ArrayList<>()).add(k));
        Map<String, Boolean> out = new LinkedHashMap<>();
        byOwner.forEach((owner, ks) -> {
            Map<String, String> held = cluster.server(owner).getMulti(ks);
            ks.forEach(k -> out.put(k, value(k).equals(held.get(k))));
        });
        return out;
    }

    @Nested
    @DisplayName("Growing and shrinking")
    class GrowAndShrink {
        @Test
        @DisplayName("R4.1 after growing 8 servers to 13 under warm migration, at least 99% of stored keys are readable and moved keys are on their new server after one read")
        void r4_1_growKeepsHitsAndMovesKeys() {
            cluster.assumeAtLeast(13, "8 servers plus 5 added");
            List<String> all = cluster.addresses().subList(0, 13);
            List<String> first8 = all.subList(0, 8);
            List<String> keys = TestKeys.random("warm-grow", 500, 41);
            ClientUnderTest client = client(ClientConfig.ketama(first8));
            writeAll(client, keys);
            Map<String, String> before = holders(keys);
            ClientUnderTest reader = change(client, first8, all);
            // half the keys through one bulk get (old servers asked one bulk each), half one by one
            List<String> bulk = keys.subList(0, keys.size() / 2);
            Map<String, String> got = new LinkedHashMap<>(call("getMulti of " + bulk.size() + " keys", () -> reader.getMulti(bulk)));
            for (String k : keys.subList(keys.size() / 2, keys.size())) {
                String v = call("get " + k, () -> reader.get(k));
                if (v != null) {
                    got.put(k, v);
                }
            }
            int hits = 0;
            int bulkHits = 0;
            List<String> missed = new ArrayList<>();
            for (String k : keys) {
                if (value(k).equals(got.get(k))) {
                    hits++;
                    bulkHits += bulk.contains(k) ? 1 : 0;
                } else if (missed.size() < 5) {
                    missed.add(k + " (was on " + before.get(k) + ")");
                }
            }
            double retention = Figures.current().put("retention", hits / (double) keys.size());
            Figures.current().put("bulkRetention", bulkHits / (double) bulk.size());
            Figures.current().put("bound", WARM_RETENTION_BOUND);
            Optional<RoutingUnderTest<?>> model = model(ClientConfig.ketama(all));
            long moved = -1;
            List<String> notMoved = new ArrayList<>();
            if (model.isPresent()) {
                RoutingUnderTest<?> m = model.get();
                List<String> movedKeys = keys.stream().filter(k -> !m.routeAddress(k).equals(before.get(k))).toList();
                moved = movedKeys.size();
                onOwner(movedKeys, m).forEach((k, there) -> {
                    if (!there && notMoved.size() < 5) {
                        notMoved.add(k + " not on " + m.routeAddress(k) + " (was on " + before.get(k) + ")");
                    }
                });
                Figures.current().put("movedKeys", moved);
                Figures.current().put("movedKeysNotOnNewServer", notMoved.size());
            } else {
                Figures.current().put("movedKeys", "no routing model: new-server check skipped");
            }
            counters(reader);
            assertThat(retention).as("share of 500 keys readable right after growing 8 to 13 servers, 250 by a bulk get "
                    + "(bulk: %s; first misses: %s)", bulkHits / (double) bulk.size(), missed).isGreaterThanOrEqualTo(WARM_RETENTION_BOUND);
            assertThat(notMoved).as("moved keys (%d) not on their new server after one read", moved).isEmpty();
        }

        @Test
        @DisplayName("R4.2 after shrinking 13 servers to 8 under warm migration, at least 99% of stored keys are readable and removed servers get no writes but deletes")
        void r4_2_shrinkKeepsHits() {
            cluster.assumeAtLeast(13, "13 servers, 5 removed");
            List<String> all = cluster.addresses().subList(0, 13);
            List<String> first8 = all.subList(0, 8);
            List<String> keys = TestKeys.random("warm-shrink", 500, 42);
            ClientUnderTest client = client(ClientConfig.ketama(all));
            writeAll(client, keys);
            long setsBefore = all.subList(8, 13).stream().mapToLong(a -> cluster.server(a).stat("cmd_set")).sum();
            ClientUnderTest reader = change(client, all, first8);
            int hits = 0;
            List<String> missed = new ArrayList<>();
            for (String k : keys) {
                if (value(k).equals(call("get " + k, () -> reader.get(k)))) {
                    hits++;
                } else if (missed.size() < 5) {
                    missed.add(k);
                }
            }
            // a write of every key: removed servers may see the deletes of invalidation, never a store
            writeAll(reader, keys);
            long setsOnRemoved = all.subList(8, 13).stream().mapToLong(a -> cluster.server(a).stat("cmd_set")).sum()
                    - setsBefore;
            double retention = Figures.current().put("retention", hits / (double) keys.size());
            Figures.current().put("bound", WARM_RETENTION_BOUND);
            Figures.current().put("storesOnRemovedServers", setsOnRemoved);
            counters(reader);
            assertThat(retention).as("share of 500 keys readable right after removing 5 of 13 servers (first misses: %s)", missed)
                    .isGreaterThanOrEqualTo(WARM_RETENTION_BOUND);
            assertThat(setsOnRemoved).as("cmd_set on the 5 removed servers after their removal (reads, copies and writes)")
                    .isZero();
        }
    }

    @Nested
    @DisplayName("Concurrent writers across changes")
    class Concurrent {
        @Test
        @DisplayName("R4.3 under 4 threads across changes, no read returns a value older than the last acknowledged write or delete, no write is lost and no server keeps an older copy")
        void r4_3_noStaleReadsNoLostWrites() {
            cluster.assumeAtLeast(13, "8 servers, 5 added, 2 removed");
            List<String> all = cluster.addresses().subList(0, 13);
            List<String> first8 = all.subList(0, 8);
            List<String> grown = all;
            List<String> shrunk = new ArrayList<>(all);
            shrunk.removeAll(List.of(all.get(0), all.get(1)));
            List<String> keys = TestKeys.random("warm-race", 200, 43);
            int n = keys.size();
            ClientUnderTest first = client(ClientConfig.ketama(first8));
            for (String k : keys) {
                if (!Boolean.TRUE.equals(call("set " + k, () -> first.set(k, "v0")))) {
                    org.assertj.core.api.Assertions.fail("set %s on healthy servers failed", k);
                }
            }
            // per key: the version of its last acknowledged operation * 2, +1 if that was a delete
            AtomicLongArray acked = new AtomicLongArray(n);
            AtomicReference<ClientUnderTest> current = new AtomicReference<>(first);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong stale = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            AtomicLong reads = new AtomicLong();
            AtomicLong writes = new AtomicLong();
            List<String> samples = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(4);
            for (int t = 0; t < 4; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    try {
                        Random random = new Random(TestkitSettings.seed() + 430 + id);
                        long[] version = new long[n];
                        for (long ops = 0; !stop.get() && ops < MAX_OPS_PER_THREAD; ops++) {
                            ClientUnderTest c = current.get();
                            try {
                                if (id < 2) { // writer: keys i with i % 2 == id, versions rising
                                    int i = 2 * random.nextInt(n / 2) + id;
                                    long v = ++version[i];
                                    if (random.nextInt(100) < 15) {
                                        c.delete(keys.get(i));
                                        acked.set(i, v * 2 + 1);
                                    } else {
                                        c.set(keys.get(i), "v" + v);
                                        acked.set(i, v * 2);
                                    }
                                    writes.incrementAndGet();
                                } else { // reader: any key
                                    int i = random.nextInt(n);
                                    long last = acked.get(i) / 2;
                                    String got = c.get(keys.get(i));
                                    reads.incrementAndGet();
                                    if (got != null && Long.parseLong(got.substring(1)) < last) {
                                        stale.incrementAndGet();
                                        if (samples.size() < 5) {
                                            samples.add(keys.get(i) + " read " + got + " after version " + last + " was acknowledged");
                                        }
                                    }
                                }
                            } catch (RuntimeException e) {
                                errors.incrementAndGet();
                                if (samples.size() < 5) {
                                    samples.add("error " + e);
                                }
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                }, "hashring-testkit-warm-" + t);
                th.setDaemon(true);
                th.start();
            }
            long start = System.nanoTime();
            pause(CONCURRENT_RUN.toMillis() / 3);
            current.set(change(first, first8, grown));
            pause(Math.max(0, CONCURRENT_RUN.toMillis() / 3 - (System.nanoTime() - start) / 1_000_000 + CONCURRENT_RUN.toMillis() / 3));
            current.set(change(current.get(), grown, shrunk));
            pause(Math.max(0, CONCURRENT_RUN.toMillis() - (System.nanoTime() - start) / 1_000_000));
            stop.set(true);
            awaitDone(done);
            ClientUnderTest last = current.get();
            long lost = 0;
            long staleAtEnd = 0;
            List<String> lostSamples = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String k = keys.get(i);
                long a = acked.get(i);
                String got = call("get " + k, () -> last.get(k));
                if (a % 2 == 0 && !("v" + a / 2).equals(got)) {
                    if (got == null) {
                        lost++;
                    } else {
                        staleAtEnd++;
                    }
                    if (lostSamples.size() < 5) {
                        lostSamples.add(k + ": last acknowledged v" + a / 2 + ", read " + got);
                    }
                } else if (a % 2 == 1 && got != null) {
                    staleAtEnd++;
                    if (lostSamples.size() < 5) {
                        lostSamples.add(k + ": deleted at version " + a / 2 + ", read " + got);
                    }
                }
            }
            // where an older value could come back later: any server's copy older than the last acknowledged operation
            long staleCopies = 0;
            List<String> copySamples = new ArrayList<>();
            for (MemcachedServer s : cluster.servers()) {
                if (s.state() != MemcachedServer.State.RUNNING) {
                    continue;
                }
                Map<String, String> held = s.getMulti(keys);
                for (int i = 0; i < n; i++) {
                    String v = held.get(keys.get(i));
                    long a = acked.get(i);
                    if (v != null && (Long.parseLong(v.substring(1)) < a / 2 || (a % 2 == 1 && Long.parseLong(v.substring(1)) <= a / 2))) {
                        staleCopies++;
                        if (copySamples.size() < 5) {
                            copySamples.add(keys.get(i) + " = " + v + " on " + s.address() + ", last acknowledged "
                                    + (a % 2 == 1 ? "delete at " : "v") + a / 2);
                        }
                    }
                }
            }
            Figures.current().put("seconds", (System.nanoTime() - start) / 1e9);
            Figures.current().put("reads", reads.get());
            Figures.current().put("writes", writes.get());
            Figures.current().put("staleReads", stale.get() + staleAtEnd);
            Figures.current().put("lostWrites", lost);
            Figures.current().put("errors", errors.get());
            Figures.current().put("staleCopiesOnServers", staleCopies);
            counters(last);
            assertThat(stale.get() + staleAtEnd).as("bound 0: reads older than the last acknowledged write or delete (%s %s)",
                    samples, lostSamples).isZero();
            assertThat(lost).as("bound 0: acknowledged writes no longer readable at the end (%s)", lostSamples).isZero();
            assertThat(errors.get()).as("bound 0: errors with every server up (%s)", samples).isZero();
            assertThat(staleCopies).as("bound 0: server copies older than the last acknowledged write or delete (%s)",
                    copySamples).isZero();
        }
    }

    @Nested
    @DisplayName("A dead old server")
    class DeadOldServer {
        @Test
        @DisplayName("R4.4 a killed old server costs its moved keys a miss, not an error or a hang, and moved keys of live old servers still hit")
        void r4_4_deadOldServerCostsAMiss() {
            cluster.assumeProcessControl("kills an old server");
            cluster.assumeAtLeast(13, "8 servers plus 5 added");
            List<String> all = cluster.addresses().subList(0, 13);
            List<String> first8 = all.subList(0, 8);
            List<String> keys = TestKeys.random("warm-dead", 500, 44);
            ClientUnderTest client = client(ClientConfig.ketama(first8));
            writeAll(client, keys);
            Map<String, String> before = holders(keys);
            RoutingUnderTest<?> model = requireModel(ClientConfig.ketama(all));
            List<String> moved = keys.stream().filter(k -> !model.routeAddress(k).equals(before.get(k))).toList();
            Map<String, Long> movedFrom = new LinkedHashMap<>();
            moved.forEach(k -> movedFrom.merge(before.get(k), 1L, Long::sum));
            String victimAddress = movedFrom.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            MemcachedServer victim = cluster.server(victimAddress);
            ClientUnderTest reader = change(client, first8, all);
            victim.kill();
            List<String> victimKeys = moved.stream().filter(k -> victimAddress.equals(before.get(k))).toList();
            List<String> others = moved.stream().filter(k -> !victimAddress.equals(before.get(k))).toList();
            long limit = TestkitSettings.opTimeout().multipliedBy(5).toMillis();
            List<String> problems = new ArrayList<>();
            long slowest = 0;
            for (int i = 0; i < victimKeys.size(); i++) {
                if (i == 1) {
                    awaitFaultNoticed(reader); // the first read raced the kill; the rest follow the client's view
                }
                String k = victimKeys.get(i);
                long t0 = System.nanoTime();
                Result r = attempt(() -> reader.get(k));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                slowest = Math.max(slowest, ms);
                if ((r.error() != null || r.value() != null || ms > limit) && problems.size() < 5) {
                    problems.add(k + ": " + r + " in " + ms + " ms");
                }
            }
            long otherHits = others.stream().filter(k -> attempt(() -> reader.get(k)).hit(value(k))).count();
            Figures.current().put("victim", victimAddress);
            Figures.current().put("victimMovedKeys", victimKeys.size());
            Figures.current().put("slowestVictimReadMs", slowest);
            Figures.current().put("otherMovedKeys", others.size());
            Figures.current().put("otherMovedKeysHit", otherHits);
            counters(reader);
            assertThat(problems).as("reads of keys moved off the killed %s that were not a plain miss within %d ms",
                    victimAddress, limit).isEmpty();
            assertThat(otherHits).as("moved keys of live old servers that still hit").isEqualTo(others.size());
        }
    }

    @Nested
    @DisplayName("Hit rate over time")
    class HitRateOverTime {
        @Test
        @DisplayName("R4.5 under a steady load across a grow (8 to 13) and a shrink (13 to 8), the warm client's hit rate per 250 ms stays above 1 - m/2 while first reads without warm migration fall below it (m: the moved fraction)")
        void r4_5_hitRateStaysUpAcrossChanges() {
            cluster.assumeAtLeast(13, "8 servers, 5 added, 5 removed");
            Optional<ClientFactory> without = withoutWarmMigration();
            org.junit.jupiter.api.Assumptions.assumeTrue(without.isPresent(),
                    () -> factory().name() + " declares no client without warm migration (WarmMigrationKit.withoutWarmMigration)");
            ClientFactory plainFactory = without.get();
            List<String> all = cluster.addresses().subList(0, 13);
            List<String> first8 = all.subList(0, 8);
            // the shrink removes 5 of the first 8: no key comes back to a server that may hold an older copy of it
            List<String> shrunk = all.subList(5, 13);
            RoutingUnderTest<?> before = requireModel(ClientConfig.ketama(first8));
            RoutingUnderTest<?> grown = requireModel(ClientConfig.ketama(all));
            RoutingUnderTest<?> after = requireModel(ClientConfig.ketama(shrunk));
            List<String> warmKeys = TestKeys.random("warm-load-w", LOAD_KEYS, 45);
            List<String> plainKeys = TestKeys.random("warm-load-p", LOAD_KEYS, 46);
            List<String> both = new ArrayList<>(warmKeys);
            both.addAll(plainKeys);
            double movedGrow = both.stream().filter(k -> !before.routeAddress(k).equals(grown.routeAddress(k))).count()
                    / (double) both.size();
            double movedShrink = both.stream().filter(k -> !grown.routeAddress(k).equals(after.routeAddress(k))).count()
                    / (double) both.size();
            double boundGrow = 1 - movedGrow / 2;
            double boundShrink = 1 - movedShrink / 2;

            ClientUnderTest warm = client(ClientConfig.ketama(first8));
            ClientUnderTest plain = client(plainFactory, ClientConfig.ketama(first8));
            writeAll(warm, warmKeys);
            writeAll(plain, plainKeys);
            long t0 = System.nanoTime();
            HitRateLoad warmLoad = new HitRateLoad(warmKeys, warm, t0, 450);
            HitRateLoad plainLoad = new HitRateLoad(plainKeys, plain, t0, 460);
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch done = new CountDownLatch(4);
            warmLoad.start(stop, done);
            plainLoad.start(stop, done);
            List<Map<String, Object>> changes = new ArrayList<>();
            long[] grow;
            long[] shrink;
            long end;
            try {
                pause(BEFORE_CHANGE.toMillis());
                grow = changeBoth(warmLoad, plainLoad, plainFactory, first8, all, t0);
                awaitFirstReads(plainLoad, grow[1], t0);
                shrink = changeBoth(warmLoad, plainLoad, plainFactory, all, shrunk, t0);
                awaitFirstReads(plainLoad, shrink[1], t0);
            } finally {
                stop.set(true);
                end = (System.nanoTime() - t0) / 1_000_000;
                awaitDone(done);
            }
            changes.add(Map.of("label", "grow 8 to 13", "startMs", grow[0], "endMs", grow[1]));
            changes.add(Map.of("label", "shrink 13 to 8", "startMs", shrink[0], "endMs", shrink[1]));
            int buckets = (int) Math.min(warmLoad.reads.length(), end / HIT_RATE_BUCKET.toMillis() + 1);
            Map<String, Object> chart = new LinkedHashMap<>();
            chart.put("bucketMs", HIT_RATE_BUCKET.toMillis());
            chart.put("changes", changes);
            chart.put("bounds", List.of(
                    Map.of("fromMs", grow[1], "toMs", shrink[0], "hitRate", boundGrow),
                    Map.of("fromMs", shrink[1], "toMs", end, "hitRate", boundShrink)));
            chart.put("series", List.of(warmLoad.series(factory().name() + " (under test)", true, buckets),
                    plainLoad.series(plainFactory.name() + " (warm migration off)", false, buckets)));
            Figures.current().put("hitRateOverTime", chart);
            Figures.current().put("movedFractionGrow", movedGrow);
            Figures.current().put("movedFractionShrink", movedShrink);

            List<String> problems = new ArrayList<>();
            checkPeriod("after the grow", warmLoad, plainLoad, grow[1], shrink[0], movedGrow, boundGrow, problems);
            checkPeriod("after the shrink", warmLoad, plainLoad, shrink[1], end, movedShrink, boundShrink, problems);
            Figures.current().put("warmErrors", warmLoad.opErrors.get());
            Figures.current().put("plainErrors", plainLoad.opErrors.get());
            counters(warm);
            assertThat(problems).as("R4.5 hit rates (bucket %d ms; moved fractions %.3f grow, %.3f shrink)",
                    HIT_RATE_BUCKET.toMillis(), movedGrow, movedShrink).isEmpty();
        }

        /** Changes both loads' clients (the warm one first); returns {start, end} in ms since {@code t0}. */
        private long[] changeBoth(HitRateLoad warmLoad, HitRateLoad plainLoad, ClientFactory plainFactory,
                                  List<String> from, List<String> to, long t0) {
            long start = System.nanoTime();
            warmLoad.changeStartNs = start - t0;
            plainLoad.changeStartNs = start - t0;
            warmLoad.client.set(change(factory(), warmLoad.client.get(), from, to));
            plainLoad.client.set(change(plainFactory, plainLoad.client.get(), from, to));
            return new long[] {(start - t0) / 1_000_000, (System.nanoTime() - t0) / 1_000_000};
        }

        /** Lets the load run {@link #AFTER_CHANGE} past {@code sinceMs}, and on until the plain client made enough first reads (bounded). */
        private void awaitFirstReads(HitRateLoad plainLoad, long sinceMs, long t0) {
            long deadline = t0 + (sinceMs + MAX_AFTER_CHANGE.toMillis()) * 1_000_000;
            pause(AFTER_CHANGE.toMillis());
            int from = (int) (sinceMs / HIT_RATE_BUCKET.toMillis()) + 1;
            while (System.nanoTime() < deadline
                    && sum(plainLoad.firstReads, from, plainLoad.firstReads.length()) < MIN_FIRST_READS) {
                pause(50);
            }
        }

        private void checkPeriod(String what, HitRateLoad warmLoad, HitRateLoad plainLoad, long fromMs, long toMs,
                                 double moved, double bound, List<String> problems) {
            long b = HIT_RATE_BUCKET.toMillis();
            int first = (int) ((fromMs + b - 1) / b);
            int last = (int) Math.min(warmLoad.reads.length(), toMs / b); // exclusive: whole buckets inside the period
            long warmReads = sum(warmLoad.reads, first, last);
            long warmHits = sum(warmLoad.hits, first, last);
            double lowest = 1;
            int lowestAt = -1;
            for (int i = first; i < last; i++) {
                long r = warmLoad.reads.get(i);
                if (r >= MIN_BUCKET_READS && warmLoad.hits.get(i) / (double) r < lowest) {
                    lowest = warmLoad.hits.get(i) / (double) r;
                    lowestAt = i;
                }
            }
            long firstReads = sum(plainLoad.firstReads, first, last);
            long firstHits = sum(plainLoad.firstHits, first, last);
            double warmRate = warmReads == 0 ? 0 : warmHits / (double) warmReads;
            double plainFirst = firstReads == 0 ? 1 : firstHits / (double) firstReads;
            String key = what.equals("after the grow") ? "Grow" : "Shrink";
            Figures.current().put("warmHitRate" + key, warmRate);
            Figures.current().put("warmLowestBucket" + key, lowest);
            Figures.current().put("plainFirstReadHitRate" + key, plainFirst);
            Figures.current().put("plainFirstReads" + key, firstReads);
            Figures.current().put("bound" + key, bound);
            if (warmReads < MIN_BUCKET_READS) {
                problems.add(what + ": the warm client made only " + warmReads + " reads in whole buckets after the change");
            } else if (warmRate < bound) {
                problems.add(String.format(java.util.Locale.ROOT, "%s: the warm client hit %.1f%% of %d reads, bound %.1f%%",
                        what, 100 * warmRate, warmReads, 100 * bound));
            }
            if (lowest < bound) {
                problems.add(String.format(java.util.Locale.ROOT, "%s: the warm client hit %.1f%% in the bucket at %d ms, bound %.1f%%",
                        what, 100 * lowest, lowestAt * b, 100 * bound));
            }
            // the measurement must tell the two apart: first reads of the client without warm migration miss the moved keys
            if (firstReads < MIN_FIRST_READS) {
                problems.add(what + ": the client without warm migration made only " + firstReads + " first reads (need "
                        + MIN_FIRST_READS + " to tell it from the warm one)");
            } else if (plainFirst > bound) {
                problems.add(String.format(java.util.Locale.ROOT, "%s: without warm migration, first reads still hit %.1f%% of %d "
                        + "(expected at most about %.1f%%, bound %.1f%%): the load does not measure what moved", what, 100 * plainFirst,
                        firstReads, 100 * (1 - moved), 100 * bound));
            }
        }
    }

    private static long sum(AtomicLongArray a, int from, int to) {
        long s = 0;
        for (int i = Math.max(0, from); i < Math.min(to, a.length()); i++) {
            s += a.get(i);
        }
        return s;
    }

    private static void awaitDone(CountDownLatch done) {
        boolean finished;
        try {
            finished = done.await(TestkitSettings.hangTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        assertThat(finished).as("all 4 threads finished within the hang timeout").isTrue();
    }

    /**
     * R4.5's load on one client: two threads, each owning half of {@code keys}, at most
     * {@link #OPS_PER_BUCKET_PER_THREAD} operations per bucket, {@link #WRITE_PERCENT}% sets of a new
     * version, the rest gets; a miss is not refilled (no read-through), so a lost key stays lost until
     * the load rewrites it. Per bucket (by when an operation started): reads, hits (the latest value
     * written), and first reads (of keys not written since the latest change began) and their hits.
     */
    private static final class HitRateLoad {
        private static final int MAX_BUCKETS = 400;

        final List<String> keys;
        final AtomicReference<ClientUnderTest> client;
        final long t0;
        final long salt;
        final AtomicLongArray reads = new AtomicLongArray(MAX_BUCKETS);
        final AtomicLongArray hits = new AtomicLongArray(MAX_BUCKETS);
        final AtomicLongArray misses = new AtomicLongArray(MAX_BUCKETS);
        final AtomicLongArray firstReads = new AtomicLongArray(MAX_BUCKETS);
        final AtomicLongArray firstHits = new AtomicLongArray(MAX_BUCKETS);
        /** Per key: 1 + ns since t0 of its last acknowledged write (0: only the initial write). */
        final AtomicLongArray writtenAt;
        final AtomicLong opErrors = new AtomicLong();
        volatile long changeStartNs = Long.MAX_VALUE;

        HitRateLoad(List<String> keys, ClientUnderTest client, long t0, long salt) {
            this.keys = keys;
            this.client = new AtomicReference<>(client);
            this.t0 = t0;
            this.salt = salt;
            this.writtenAt = new AtomicLongArray(keys.size());
        }

        void start(AtomicBoolean stop, CountDownLatch done) {
            for (int t = 0; t < 2; t++) {
                int id = t;
                Thread th = new Thread(() -> {
                    try {
                        run(id, stop);
                    } finally {
                        done.countDown();
                    }
                }, "hashring-testkit-hit-rate-" + salt + "-" + t);
                th.setDaemon(true);
                th.start();
            }
        }

        private void run(int id, AtomicBoolean stop) {
            Random random = new Random(TestkitSettings.seed() + salt + id);
            int own = keys.size() / 2;
            long[] version = new long[keys.size()];
            long bucketNs = HIT_RATE_BUCKET.toNanos();
            long bucket = -1;
            int inBucket = 0;
            for (long ops = 0; !stop.get() && ops < MAX_OPS_PER_THREAD; ) {
                long now = System.nanoTime() - t0;
                int b = (int) (now / bucketNs);
                if (b >= MAX_BUCKETS) {
                    return;
                }
                if (b != bucket) {
                    bucket = b;
                    inBucket = 0;
                }
                if (inBucket >= OPS_PER_BUCKET_PER_THREAD) {
                    pause(Math.max(1, ((b + 1) * bucketNs - now) / 1_000_000));
                    continue;
                }
                inBucket++;
                ops++;
                int i = 2 * random.nextInt(own) + id;
                String k = keys.get(i);
                ClientUnderTest c = client.get();
                try {
                    if (random.nextInt(100) < WRITE_PERCENT) {
                        long v = version[i] + 1;
                        if (c.set(k, value(k, "r" + v))) {
                            version[i] = v;
                            writtenAt.set(i, now + 1);
                        }
                    } else {
                        boolean first = writtenAt.get(i) <= changeStartNs;
                        String got = c.get(k);
                        boolean hit = (version[i] == 0 ? value(k) : value(k, "r" + version[i])).equals(got);
                        count(b, first, hit, got == null);
                    }
                } catch (RuntimeException e) {
                    opErrors.incrementAndGet();
                }
            }
        }

        private void count(int b, boolean first, boolean hit, boolean miss) {
            reads.incrementAndGet(b);
            hits.addAndGet(b, hit ? 1 : 0);
            misses.addAndGet(b, miss ? 1 : 0);
            if (first) {
                firstReads.incrementAndGet(b);
                firstHits.addAndGet(b, hit ? 1 : 0);
            }
        }

        /** The chart's series: reads and hits per bucket. */
        Map<String, Object> series(String name, boolean warm, int buckets) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("warmMigration", warm);
            List<Long> r = new ArrayList<>();
            List<Long> h = new ArrayList<>();
            List<Long> x = new ArrayList<>();
            for (int i = 0; i < buckets; i++) {
                r.add(reads.get(i));
                h.add(hits.get(i));
                x.add(misses.get(i));
            }
            m.put("reads", r);
            m.put("hits", h);
            m.put("misses", x);
            return m;
        }
    }

    Optional<RoutingUnderTest<?>> model(ClientConfig config) {
        return factory().routingModel(config).map(WarmMigrationKit::view);
    }

    private static <N> RoutingUnderTest<?> view(Router<N> router) {
        return RoutingUnderTest.of(router);
    }

    RoutingUnderTest<?> requireModel(ClientConfig config) {
        Optional<RoutingUnderTest<?>> m = model(config);
        org.junit.jupiter.api.Assumptions.assumeTrue(m.isPresent(),
                () -> factory().name() + " declares no routing model (ClientFactory.routingModel)");
        return m.get();
    }
}
