package io.hashring.spymemcached;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Collection;
import java.util.Objects;
import net.spy.memcached.MemcachedConnection;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.ops.Operation;

/**
 * A spymemcached node (whatever the user's factory created) that reports every operation timeout
 * the moment a caller's future sees it: spymemcached's {@code OperationFuture.get(timeout)} calls
 * {@code MemcachedConnection.opTimedOut}, which calls {@code setContinuousTimeout(true)} on the
 * operation's handling node, on the caller's thread, before it throws. So the timeout is counted
 * before that caller can issue its next operation, and after K timeouts the next operation is
 * already routed past a hung server. Every other method delegates. spymemcached refers to a node
 * only through the object the factory returned (selection-key attachment, queues, handling node),
 * and its node classes never hand out {@code this}, so the wrapper is the node everywhere.
 */
final class TimeoutReportingNode implements MemcachedNode {

    /** Where the node reports its timeouts. */
    interface Sink {
        void timedOut(MemcachedNode node);
    }

    private final MemcachedNode node;
    private final Sink sink;

    TimeoutReportingNode(MemcachedNode node, Sink sink) {
        this.node = Objects.requireNonNull(node, "node");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** The wrapped node. */
    MemcachedNode delegate() {
        return node;
    }

    @Override
    public void setContinuousTimeout(boolean timedOut) {
        node.setContinuousTimeout(timedOut);
        if (timedOut) {
            sink.timedOut(this);
        }
    }

    @Override
    public void copyInputQueue() {
        node.copyInputQueue();
    }

    @Override
    public Collection<Operation> destroyInputQueue() {
        return node.destroyInputQueue();
    }

    @Override
    public void setupResend() {
        node.setupResend();
    }

    @Override
    public void fillWriteBuffer(boolean a0) {
        node.fillWriteBuffer(a0);
    }

    @Override
    public void transitionWriteItem() {
        node.transitionWriteItem();
    }

    @Override
    public Operation getCurrentReadOp() {
        return node.getCurrentReadOp();
    }

    @Override
    public Operation removeCurrentReadOp() {
        return node.removeCurrentReadOp();
    }

    @Override
    public Operation getCurrentWriteOp() {
        return node.getCurrentWriteOp();
    }

    @Override
    public Operation removeCurrentWriteOp() {
        return node.removeCurrentWriteOp();
    }

    @Override
    public boolean hasReadOp() {
        return node.hasReadOp();
    }

    @Override
    public boolean hasWriteOp() {
        return node.hasWriteOp();
    }

    @Override
    public void addOp(Operation a0) {
        node.addOp(a0);
    }

    @Override
    public void insertOp(Operation a0) {
        node.insertOp(a0);
    }

    @Override
    public int getSelectionOps() {
        return node.getSelectionOps();
    }

    @Override
    public ByteBuffer getRbuf() {
        return node.getRbuf();
    }

    @Override
    public ByteBuffer getWbuf() {
        return node.getWbuf();
    }

    @Override
    public SocketAddress getSocketAddress() {
        return node.getSocketAddress();
    }

    @Override
    public boolean isActive() {
        return node.isActive();
    }

    @Override
    public boolean isAuthenticated() {
        return node.isAuthenticated();
    }

    @Override
    public long lastReadDelta() {
        return node.lastReadDelta();
    }

    @Override
    public void completedRead() {
        node.completedRead();
    }

    @Override
    public void reconnecting() {
        node.reconnecting();
    }

    @Override
    public void connected() {
        node.connected();
    }

    @Override
    public int getReconnectCount() {
        return node.getReconnectCount();
    }

    @Override
    public void registerChannel(SocketChannel a0, SelectionKey a1) {
        node.registerChannel(a0, a1);
    }

    @Override
    public void setChannel(SocketChannel a0) {
        node.setChannel(a0);
    }

    @Override
    public SocketChannel getChannel() {
        return node.getChannel();
    }

    @Override
    public void setSk(SelectionKey a0) {
        node.setSk(a0);
    }

    @Override
    public SelectionKey getSk() {
        return node.getSk();
    }

    @Override
    public int getBytesRemainingToWrite() {
        return node.getBytesRemainingToWrite();
    }

    @Override
    public int writeSome() throws IOException {
        return node.writeSome();
    }

    @Override
    public void fixupOps() {
        node.fixupOps();
    }

    @Override
    public void authComplete() {
        node.authComplete();
    }

    @Override
    public void setupForAuth() {
        node.setupForAuth();
    }

    @Override
    public int getContinuousTimeout() {
        return node.getContinuousTimeout();
    }

    @Override
    public MemcachedConnection getConnection() {
        return node.getConnection();
    }

    @Override
    public void setConnection(MemcachedConnection a0) {
        node.setConnection(a0);
    }

    @Override
    public String toString() {
        return node.toString();
    }
}
