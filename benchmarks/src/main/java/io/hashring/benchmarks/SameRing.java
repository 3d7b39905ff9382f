package io.hashring.benchmarks;

import com.google.code.yanf4j.core.Session;
import io.hashring.core.Node;
import io.hashring.core.Ring;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import net.rubyeye.xmemcached.impl.KetamaMemcachedSessionLocator;
import net.spy.memcached.KetamaNodeLocator;
import net.spy.memcached.MemcachedNode;

/**
 * The setup check every routing benchmark runs before it measures anything: hashring,
 * spymemcached and xmemcached must send every benchmark key to the same server, or the numbers
 * would compare different work.
 */
final class SameRing {

    private SameRing() {
    }

    /**
     * Point values that two or more servers generate (sorted unsigned-flipped). spymemcached gives
     * such a value to the last server inserted, xmemcached to {@code list[value mod size]} of the
     * servers sorted by address ({@code docs/interop.md#tie-rules}): the two clients disagree there by design, so the
     * key pool avoids keys owned by a tied point. About P^2 / 2^33 of them (300 at 1.6M points).
     */
    static int[] tiedPoints(Ring<?> ring) {
        int per = 0;
        int total = 0;
        for (Node<?> node : ring.nodes()) {
            total += ring.pointCount(node.id());
        }
        int[] all = new int[total];
        for (Node<?> node : ring.nodes()) {
            int count = ring.pointCount(node.id());
            int[] points = new int[count];
            ring.config().layout().points(node.id(), count, points);
            for (int p : points) {
                all[per++] = p ^ 0x80000000;
            }
        }
        Arrays.sort(all);
        int[] ties = new int[16];
        int t = 0;
        for (int i = 1; i < all.length; i++) {
            if (all[i] == all[i - 1] && (t == 0 || ties[t - 1] != all[i])) {
                if (t == ties.length) {
                    ties = Arrays.copyOf(ties, t * 2);
                }
                ties[t++] = all[i];
            }
        }
        int[] out = Arrays.copyOf(ties, t);
        int distinct = total - countDuplicates(all);
        if (distinct != ring.points()) {
            throw new IllegalStateException("ring has " + ring.points() + " distinct points, expected " + distinct);
        }
        return out;
    }

    private static int countDuplicates(int[] sorted) {
        int d = 0;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                d++;
            }
        }
        return d;
    }

    /** Whether the point that owns this key's hash is one of the tied values. */
    static boolean ownedByTie(Ring<?> ring, int[] tiedFlipped, String key) {
        int point = ring.pointAt(ring.hashFunction().hash(key)).value();
        return Arrays.binarySearch(tiedFlipped, point ^ 0x80000000) >= 0;
    }

    /** Throws, naming the first key and the three answers, unless all three agree on every key. */
    static void verify(Ring<Integer> ring, KetamaNodeLocator spymemcached, List<MemcachedNode> spyNodes,
                       KetamaMemcachedSessionLocator xmemcached, List<Session> sessions, String[] keys, byte[][] bytes) {
        Map<Object, Integer> spyIndex = new IdentityHashMap<>();
        for (int i = 0; i < spyNodes.size(); i++) {
            spyIndex.put(spyNodes.get(i), i);
        }
        Map<Object, Integer> xmemIndex = new IdentityHashMap<>();
        for (int i = 0; i < sessions.size(); i++) {
            xmemIndex.put(sessions.get(i), i);
        }
        int[] hits = new int[ring.size()];
        for (int k = 0; k < keys.length; k++) {
            int ours = ring.route(keys[k]);
            int oursBytes = ring.route(bytes[k]);
            Integer spy = spyIndex.get(spymemcached.getPrimary(keys[k]));
            Integer xmem = xmemIndex.get(xmemcached.getSessionByKey(keys[k]));
            if (ours != oursBytes || spy == null || xmem == null || ours != spy || ours != xmem) {
                throw new IllegalStateException("routing differs for key '" + keys[k] + "' on " + ring.size()
                        + " servers: hashring(String) -> " + ours + ", hashring(byte[]) -> " + oursBytes
                        + ", spymemcached -> " + spy + ", xmemcached -> " + xmem);
            }
            hits[ours]++;
        }
        long used = Arrays.stream(hits).filter(h -> h > 0).count();
        if (used < Math.min(ring.size(), keys.length) / 2) {
            throw new IllegalStateException("only " + used + " of " + ring.size() + " servers got a key: the check proves little");
        }
    }
}
