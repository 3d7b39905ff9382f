/*
 * LiveTopologyChanges: change the server list while requests keep routing.
 *
 * A RingHolder publishes immutable ring snapshots with one volatile write. A reader thread routes
 * keys without locks; a writer adds and removes servers. Each lookup sees one whole snapshot,
 * never a half-built ring: the reader checks that every server it is handed belongs to the
 * snapshot it routed against. To route a batch of keys consistently, hold on to one snapshot
 * (holder.get()) for the whole batch.
 *
 * Bounded: the writer makes 40 changes; the reader stops when the writer is done (or after 10 s).
 * Run: java -cp examples/target/classes:ring-core/target/classes io.hashring.examples.LiveTopologyChanges
 */
package io.hashring.examples;

import io.hashring.core.Node;
import io.hashring.core.Ring;
import io.hashring.core.RingHolder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

public final class LiveTopologyChanges {

    private static final int CHANGES = 40;

    private LiveTopologyChanges() {
    }

    public static void main(String[] args) throws InterruptedException {
        RingHolder<String> holder = new RingHolder<>(Ring.ketama("10.0.0.1:11211", "10.0.0.2:11211", "10.0.0.3:11211"));
        AtomicBoolean writerDone = new AtomicBoolean();
        AtomicLong routed = new AtomicLong();
        AtomicLong snapshotsSeen = new AtomicLong();
        AtomicLong inconsistent = new AtomicLong();

        Thread reader = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Ring<String> last = null;
            long i = 0;
            while (!writerDone.get() && System.nanoTime() < deadline) {
                Ring<String> snapshot = holder.get(); // one volatile read; route the batch against it
                if (snapshot != last) {
                    snapshotsSeen.incrementAndGet();
                    last = snapshot;
                }
                for (int k = 0; k < 100; k++, i++) {
                    String server = snapshot.route("key-" + i);
                    if (!snapshot.contains(server)) {
                        inconsistent.incrementAndGet();
                    }
                    routed.incrementAndGet();
                }
            }
        }, "reader");
        reader.start();

        // The writer: grow to 8 servers, shrink back, and so on; every change publishes a new snapshot.
        for (int change = 0; change < CHANGES; change++) {
            String server = "10.0.1." + (change % 5 + 1) + ":11211";
            if (holder.get().contains(server)) {
                holder.without(server);
            } else {
                holder.with(Node.of(server));
            }
            Thread.sleep(5);
        }
        writerDone.set(true);
        reader.join(TimeUnit.SECONDS.toMillis(15));

        System.out.printf("writer published %d changes; reader routed %d keys over %d snapshots; inconsistent lookups: %d%n",
                CHANGES, routed.get(), snapshotsSeen.get(), inconsistent.get());
        System.out.println("final servers: " + holder.get().nodes());
    }
}
