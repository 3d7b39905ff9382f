package io.hashring.benchmarks;

import io.hashring.core.Node;
import io.hashring.core.Ring;
import io.hashring.core.RingConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.MemcachedNodeROImpl;
import net.spy.memcached.NodeLocator;

/**
 * A minimal spymemcached {@link NodeLocator} on a hashring {@link Ring}, for the end-to-end
 * benchmark only (the supported adapter lives in client-spymemcached). Node ids are spymemcached's
 * own rendering of each node's address ({@link Fixtures#spymemcachedId}), so with
 * {@link Fixtures#spymemcachedKetama()} it places every key where {@code KetamaNodeLocator} does.
 * {@link #getSequence} yields the other servers in ring order (spymemcached uses it only when the
 * primary is down).
 */
final class HashringNodeLocator implements NodeLocator {

    private final RingConfig config;
    private volatile Ring<MemcachedNode> ring;

    HashringNodeLocator(RingConfig config, List<MemcachedNode> nodes) {
        this.config = config;
        this.ring = build(config, nodes);
    }

    private static Ring<MemcachedNode> build(RingConfig config, List<MemcachedNode> nodes) {
        List<Node<MemcachedNode>> list = new ArrayList<>(nodes.size());
        for (MemcachedNode node : nodes) {
            list.add(Node.of(Fixtures.spymemcachedId((java.net.InetSocketAddress) node.getSocketAddress()), 1, node));
        }
        return Ring.of(config, list);
    }

    @Override
    public MemcachedNode getPrimary(String key) {
        return ring.route(key);
    }

    @Override
    public Iterator<MemcachedNode> getSequence(String key) {
        List<MemcachedNode> candidates = ring.candidates(key);
        return candidates.subList(Math.min(1, candidates.size()), candidates.size()).iterator();
    }

    @Override
    public Collection<MemcachedNode> getAll() {
        List<MemcachedNode> all = new ArrayList<>();
        ring.nodes().forEach(node -> all.add(node.value()));
        return all;
    }

    @Override
    public NodeLocator getReadonlyCopy() {
        List<MemcachedNode> copies = new ArrayList<>();
        for (Node<MemcachedNode> node : ring.nodes()) {
            copies.add(new MemcachedNodeROImpl(node.value()));
        }
        return new HashringNodeLocator(config, copies);
    }

    @Override
    public void updateLocator(List<MemcachedNode> nodes) {
        ring = build(config, nodes);
    }
}
