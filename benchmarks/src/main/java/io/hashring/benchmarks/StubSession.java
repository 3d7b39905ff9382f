package io.hashring.benchmarks;

import com.google.code.yanf4j.core.CodecFactory;
import com.google.code.yanf4j.core.Handler;
import com.google.code.yanf4j.core.Session;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;

/**
 * An xmemcached {@link Session} that is only an address: what {@code KetamaMemcachedSessionLocator}
 * reads when it builds its ring ({@link #getRemoteSocketAddress()}) and routes
 * ({@link #isClosed()}). A plain class rather than a reflection proxy, so the locator's per-lookup
 * {@code isClosed()} call costs what it costs on a real session. Every other method throws.
 */
final class StubSession implements Session {

    private final InetSocketAddress address;

    StubSession(InetSocketAddress address) {
        this.address = address;
    }

    @Override
    public InetSocketAddress getRemoteSocketAddress() {
        return address;
    }

    @Override
    public boolean isClosed() {
        return false;
    }

    @Override
    public String toString() {
        return String.valueOf(address);
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("StubSession is an address only");
    }

    @Override
    public void start() {
        throw unsupported();
    }

    @Override
    public void write(Object packet) {
        throw unsupported();
    }

    @Override
    public void close() {
        throw unsupported();
    }

    @Override
    public InetAddress getLocalAddress() {
        throw unsupported();
    }

    @Override
    public boolean isUseBlockingWrite() {
        throw unsupported();
    }

    @Override
    public void setUseBlockingWrite(boolean useBlockingWrite) {
        throw unsupported();
    }

    @Override
    public boolean isUseBlockingRead() {
        throw unsupported();
    }

    @Override
    public void setUseBlockingRead(boolean useBlockingRead) {
        throw unsupported();
    }

    @Override
    public void flush() {
        throw unsupported();
    }

    @Override
    public boolean isExpired() {
        throw unsupported();
    }

    @Override
    public boolean isIdle() {
        throw unsupported();
    }

    @Override
    public CodecFactory.Encoder getEncoder() {
        throw unsupported();
    }

    @Override
    public void setEncoder(CodecFactory.Encoder encoder) {
        throw unsupported();
    }

    @Override
    public CodecFactory.Decoder getDecoder() {
        throw unsupported();
    }

    @Override
    public void setDecoder(CodecFactory.Decoder decoder) {
        throw unsupported();
    }

    @Override
    public boolean isHandleReadWriteConcurrently() {
        throw unsupported();
    }

    @Override
    public void setHandleReadWriteConcurrently(boolean handleReadWriteConcurrently) {
        throw unsupported();
    }

    @Override
    public ByteOrder getReadBufferByteOrder() {
        throw unsupported();
    }

    @Override
    public void setReadBufferByteOrder(ByteOrder readBufferByteOrder) {
        throw unsupported();
    }

    @Override
    public void setAttribute(String key, Object value) {
        throw unsupported();
    }

    @Override
    public void removeAttribute(String key) {
        throw unsupported();
    }

    @Override
    public Object getAttribute(String key) {
        throw unsupported();
    }

    @Override
    public void clearAttributes() {
        throw unsupported();
    }

    @Override
    public long getScheduleWritenBytes() {
        throw unsupported();
    }

    @Override
    public long getLastOperationTimeStamp() {
        throw unsupported();
    }

    @Override
    public boolean isLoopbackConnection() {
        throw unsupported();
    }

    @Override
    public long getSessionIdleTimeout() {
        throw unsupported();
    }

    @Override
    public void setSessionIdleTimeout(long sessionIdleTimeout) {
        throw unsupported();
    }

    @Override
    public long getSessionTimeout() {
        throw unsupported();
    }

    @Override
    public void setSessionTimeout(long sessionTimeout) {
        throw unsupported();
    }

    @Override
    public Object setAttributeIfAbsent(String key, Object value) {
        throw unsupported();
    }

    @Override
    public Handler getHandler() {
        throw unsupported();
    }
}
