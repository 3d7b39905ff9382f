package io.hashring.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Four readers route through a {@link RingHolder} while a writer churns the topology 10,000 times
 * (nodes of a pool of six join and leave). The writer numbers every snapshot it publishes and
 * records its node set before publishing it. Each reader probe checks two things against the
 * snapshot it actually used:
 * <ul>
 *   <li><b>fresh</b>: {@code holder.get()} returns a snapshot at least as new as the last one
 *       whose publication had completed before the probe began (a stale snapshot fails);</li>
 *   <li><b>right</b>: routing the probe key on that snapshot, and through the holder itself,
 *       gives the owner that an independently built ring of the snapshot's node set gives (a
 *       wrong owner fails); the holder's own answer must come from a snapshot published while
 *       the probe ran.</li>
 * </ul>
 * No reader may see an exception, and the readers must have seen many different snapshots (so
 * the checks ran against a moving topology, not one ring).
 */
class ConcurrencyTest {

    private static final String[] POOL = {"a:1", "b:1", "c:1", "d:1", "e:1", "f:1"};
    private static final int CHURNS = 10_000;
    /** Every this many publications the writer waits (bounded) until a reader has seen its latest snapshot. */
    private static final int RENDEZVOUS = 100;
    private static final int PROBES = 64;

    @Test
    void readersNeverFailAndAlwaysGetTheCurrentSnapshotsOwner() throws Exception {
        List<String> probes = new ArrayList<>();
        for (int i = 0; i < PROBES; i++) {
            probes.add("probe-" + i);
        }
        // owner[mask][probe]: the probe's owner on a ring built from scratch over node set `mask`.
        String[][] owner = new String[1 << POOL.length][];
        for (int mask = 1; mask < owner.length; mask++) {
            List<Node<String>> nodes = new ArrayList<>();
            for (int b = 0; b < POOL.length; b++) {
                if ((mask & 1 << b) != 0) {
                    nodes.add(Node.of(POOL[b]));
                }
            }
            Ring<String> ring = Ring.of(RingConfig.libmemcachedKetama(), nodes);
            owner[mask] = probes.stream().map(ring::route).toArray(String[]::new);
        }

        Ring<String> initial = Ring.ketama("a:1", "b:1", "c:1");
        RingHolder<String> holder = new RingHolder<>(initial);
        // Snapshot -> its publication number (weakly: old snapshots may go), maskOf[version] = its
        // node set. Both written before the snapshot is published.
        Map<Ring<String>, Integer> versionOf = Collections.synchronizedMap(new WeakHashMap<>());
        versionOf.put(initial, 0);
        AtomicIntegerArray maskOf = new AtomicIntegerArray(CHURNS + 1);
        maskOf.set(0, maskOf(initial));
        AtomicInteger completed = new AtomicInteger(); // publications that have returned to the writer
        AtomicInteger newestSeen = new AtomicInteger();

        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicLong routed = new AtomicLong();
        Map<Integer, Boolean> seen = new ConcurrentHashMap<>();
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            Thread t = new Thread(() -> {
                started.countDown();
                Ring<String> last = null;
                Integer used = null;
                int i = 0;
                while (!done.get()) {
                    try {
                        int probe = i++ & (PROBES - 1);
                        String key = probes.get(probe);
                        int floor = completed.get();
                        String viaHolder = holder.route(key);
                        Ring<String> snapshot = holder.get();
                        String viaSnapshot = snapshot.route(key);
                        int ceiling = completed.get() + 1; // at most one publication can be under way
                        if (snapshot != last) {
                            last = snapshot;
                            used = versionOf.get(snapshot);
                        }
                        if (used == null) {
                            report(violations, "probe " + key + ": holder.get() returned a ring the writer never published");
                            continue;
                        }
                        seen.put(used, Boolean.TRUE);
                        newestSeen.accumulateAndGet(used, Math::max);
                        String expected = owner[maskOf.get(used)][probe];
                        if (used < floor) {
                            report(violations, "probe " + key + ": stale snapshot " + used + ", " + floor + " was already published");
                        }
                        if (!viaSnapshot.equals(expected)) {
                            report(violations, "probe " + key + " on snapshot " + used + " went to " + viaSnapshot
                                    + ", a fresh ring of its nodes says " + expected);
                        }
                        if (!ownedDuring(viaHolder, owner, maskOf, probe, floor, Math.min(ceiling, CHURNS))) {
                            report(violations, "probe " + key + " through the holder went to " + viaHolder
                                    + ", the owner in none of snapshots " + floor + ".." + ceiling);
                        }
                        routed.incrementAndGet();
                    } catch (Throwable e) {
                        failures.add(e);
                        return;
                    }
                }
            }, "reader-" + r);
            t.start();
            readers.add(t);
        }
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        SplittableRandom random = new SplittableRandom(7);
        int present = maskOf(initial);
        int version = 0;
        for (int i = 0; i < CHURNS; i++) {
            int b = random.nextInt(POOL.length);
            String id = POOL[b];
            boolean has = (present & 1 << b) != 0;
            if (has && Integer.bitCount(present) == 1) {
                continue;
            }
            int next = ++version;
            int nextMask = present ^ 1 << b;
            holder.update(r -> {
                Ring<String> changed = has ? r.without(id) : r.with(Node.of(id));
                maskOf.set(next, nextMask);
                versionOf.put(changed, next);
                return changed;
            });
            present = nextMask;
            completed.set(next);
            if (next % RENDEZVOUS == 0) {
                awaitSeen(newestSeen, next, failures, violations);
            }
        }
        awaitSeen(newestSeen, version, failures, violations);
        done.set(true);
        for (Thread t : readers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
        }
        assertThat(failures).isEmpty();
        assertThat(violations).as("answers that no published snapshot gives").isEmpty();
        assertThat(routed.get()).as("readers made progress").isPositive();
        assertThat(seen.size()).as("distinct snapshots the readers routed on").isGreaterThanOrEqualTo(version / RENDEZVOUS);
        assertThat(maskOf(holder.get())).isEqualTo(present);
    }

    /** Keeps the first 20 violations (enough to diagnose; a broken router would produce millions). */
    private static void report(Collection<String> violations, String violation) {
        if (violations.size() < 20) {
            violations.add(violation);
        }
    }

    /** Whether {@code answer} is the probe's owner in one of the snapshots {@code from..to}. */
    private static boolean ownedDuring(String answer, String[][] owner, AtomicIntegerArray maskOf, int probe, int from, int to) {
        for (int v = from; v <= to; v++) {
            int mask = maskOf.get(v);
            if (mask != 0 && owner[mask][probe].equals(answer)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits (at most 5 s; not at all once a reader has failed or seen a violation) until a reader
     * has routed on snapshot {@code version} or a newer one.
     */
    private static void awaitSeen(AtomicInteger newestSeen, int version, Collection<Throwable> failures,
                                  Collection<String> violations) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (newestSeen.get() < version && failures.isEmpty() && violations.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private static int maskOf(Ring<String> ring) {
        int mask = 0;
        for (int b = 0; b < POOL.length; b++) {
            if (ring.contains(POOL[b])) {
                mask |= 1 << b;
            }
        }
        return mask;
    }
}
