package io.hashring.hash.interop;

import io.hashring.core.EmptyRingException;
import io.hashring.core.HashFunction;
import io.hashring.core.Node;
import io.hashring.core.NodeCursor;
import io.hashring.core.internal.KeyBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Highest-random-weight (rendezvous) routing: each server scores {@code hash(prefix + key)} for each
 * of its prefixes, the highest score wins. Used by pymemcache ({@code RendezvousHash}) and
 * xmemcached's {@code ElectionMemcachedSessionLocator}; they differ in prefixes and tie rules.
 * Routing allocates nothing; it costs one hash per prefix per server.
 */
final class RendezvousRouter implements PeerRouter {

    enum Ties {
        /** pymemcache: start at -1 (every score can win); equal scores go to the larger node name. */
        LARGER_NAME,
        /** xmemcached election: start at 0, strictly greater wins, so the earlier server keeps ties and 0 never wins. */
        EARLIER_STRICT
    }

    private final String mode;
    private final HashFunction hash;
    private final List<Node<Server>> nodes;
    private final byte[][][] prefixes;
    private final String[] names;
    private final Ties ties;

    RendezvousRouter(String mode, HashFunction hash, List<Server> servers, Function<Server, String> name,
                     Function<Server, List<String>> prefixes, Ties ties) {
        this.mode = mode;
        this.hash = hash;
        this.ties = ties;
        List<Node<Server>> n = new ArrayList<>();
        this.prefixes = new byte[servers.size()][][];
        this.names = new String[servers.size()];
        for (int i = 0; i < servers.size(); i++) {
            Server s = servers.get(i);
            names[i] = name.apply(s);
            n.add(Node.of(names[i], s.weight(), s));
            List<String> p = prefixes.apply(s);
            this.prefixes[i] = new byte[p.size()][];
            for (int j = 0; j < p.size(); j++) {
                this.prefixes[i][j] = p.get(j).getBytes(StandardCharsets.UTF_8);
            }
        }
        this.nodes = Collections.unmodifiableList(n);
    }

    /** The best score of server {@code i} for the key in {@code key} (unsigned, in a long). */
    private long score(int i, byte[] key, int off, int len) {
        long best = -1;
        for (byte[] prefix : prefixes[i]) {
            KeyBuffer b = KeyBuffer.first();
            b.append(prefix, 0, prefix.length).append(key, off, len);
            long s = Integer.toUnsignedLong(b.hash(hash));
            if (s > best) {
                best = s;
            }
        }
        return best;
    }

    /** The best-scoring server not in {@code excluded} (null: none excluded), or -1. */
    private int winner(byte[] key, int off, int len, boolean[] excluded) {
        int winner = -1;
        long high = ties == Ties.LARGER_NAME ? -1 : 0;
        for (int i = 0; i < prefixes.length; i++) {
            if (excluded != null && excluded[i]) {
                continue;
            }
            long s = score(i, key, off, len);
            if (s > high) {
                high = s;
                winner = i;
            } else if (s == high && ties == Ties.LARGER_NAME && winner >= 0 && names[i].compareTo(names[winner]) > 0) {
                winner = i;
            }
        }
        return winner;
    }

    @Override
    public int indexOf(CharSequence key) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        KeyBuffer k = KeyBuffer.second().append(key);
        return indexOf(k.bytes(), 0, k.length());
    }

    @Override
    public int indexOf(byte[] key, int offset, int length) {
        if (key == null) {
            throw new NullPointerException("key is null");
        }
        int w = winner(key, offset, length, null);
        if (w < 0) {
            throw new EmptyRingException(mode + ": no server scored above 0 for this key");
        }
        return w;
    }

    /**
     * Servers in election order: the winner, then the winner among the rest, and so on; servers
     * that never win (score 0 under the strict rule) are not given. Each step rescores the servers
     * not yet given: O(N) hashes per step.
     */
    @Override
    public NodeCursor cursor() {
        return new NodeCursor() {
            private final boolean[] given = new boolean[prefixes.length];
            private byte[] key = new byte[64];
            private int length;
            private boolean done;

            @Override
            public NodeCursor reset(CharSequence k) {
                if (k == null) {
                    throw new NullPointerException("key is null");
                }
                KeyBuffer b = KeyBuffer.second().append(k);
                return reset(b.bytes(), 0, b.length());
            }

            @Override
            public NodeCursor reset(byte[] k, int offset, int len) {
                if (k == null) {
                    throw new NullPointerException("key is null");
                }
                if (key.length < len) {
                    key = new byte[Math.max(len, key.length * 2)];
                }
                System.arraycopy(k, offset, key, 0, len);
                length = len;
                Arrays.fill(given, false);
                done = false;
                return this;
            }

            @Override
            public int next() {
                if (done) {
                    return -1;
                }
                int w = winner(key, 0, length, given);
                if (w < 0) {
                    done = true;
                    return -1;
                }
                given[w] = true;
                return w;
            }
        };
    }

    /** Re-election after removing each dead winner: the same as {@link #candidates}. */
    @Override
    public List<Server> failoverSequence(CharSequence key) {
        return candidates(key);
    }

    @Override
    public HashFunction hashFunction() {
        return hash;
    }

    @Override
    public List<Node<Server>> nodes() {
        return nodes;
    }

    @Override
    public int size() {
        return nodes.size();
    }

    @Override
    public String toString() {
        return mode + ":rendezvous{" + hash.name() + ", " + nodes.size() + " servers}";
    }
}
