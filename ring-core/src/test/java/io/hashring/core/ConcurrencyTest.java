package io.hashring.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Four readers route through a {@link RingHolder} while a writer churns the topology 10,000 times.
 * The writer toggles nodes of a pool of six, so every snapshot it publishes has one of 2^6 node
 * sets; each reader's answer for a probe key must be that key's owner in some ring with one of
 * those node sets (precomputed), and no reader may see an exception.
 */
class ConcurrencyTest {

    private static final String[] POOL = {"a:1", "b:1", "c:1", "d:1", "e:1", "f:1"};
    private static final int CHURNS = 10_000;

    @Test
    void readersNeverLockNeverFailAndOnlySeeAnswersOfPublishedSnapshots() throws Exception {
        List<String> probes = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            probes.add("probe-" + i);
        }
        // The owners each probe key can have across all 63 non-empty node sets.
        Map<String, Set<String>> possible = new HashMap<>();
        for (int mask = 1; mask < 64; mask++) {
            List<Node<String>> nodes = new ArrayList<>();
            for (int b = 0; b < 6; b++) {
                if ((mask & 1 << b) != 0) {
                    nodes.add(Node.of(POOL[b]));
                }
            }
            Ring<String> ring = Ring.of(RingConfig.libmemcachedKetama(), nodes);
            for (String key : probes) {
                possible.computeIfAbsent(key, k -> new HashSet<>()).add(ring.route(key));
            }
        }

        RingHolder<String> holder = new RingHolder<>(Ring.ketama("a:1", "b:1", "c:1"));
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> impossible = new ConcurrentLinkedQueue<>();
        AtomicLong routed = new AtomicLong();
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            Thread t = new Thread(() -> {
                started.countDown();
                int i = 0;
                while (!done.get()) {
                    try {
                        String key = probes.get(i++ & 63);
                        String owner = holder.route(key);
                        if (!possible.get(key).contains(owner)) {
                            impossible.add(key + " -> " + owner);
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
        Set<String> present = new TreeSet<>(List.of("a:1", "b:1", "c:1"));
        for (int i = 0; i < CHURNS; i++) {
            String id = POOL[random.nextInt(POOL.length)];
            if (present.contains(id) && present.size() > 1) {
                holder.without(id);
                present.remove(id);
            } else if (!present.contains(id)) {
                holder.with(Node.of(id));
                present.add(id);
            }
        }
        done.set(true);
        for (Thread t : readers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
        }
        assertThat(failures).isEmpty();
        assertThat(impossible).isEmpty();
        assertThat(routed.get()).as("readers made progress").isPositive();
        assertThat(holder.get().nodes().stream().map(Node::id).toList()).containsExactlyInAnyOrderElementsOf(present);
    }
}
