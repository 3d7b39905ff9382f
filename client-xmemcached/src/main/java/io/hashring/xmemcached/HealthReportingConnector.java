package io.hashring.xmemcached;

import com.google.code.yanf4j.config.Configuration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.rubyeye.xmemcached.CommandFactory;
import net.rubyeye.xmemcached.MemcachedSessionComparator;
import net.rubyeye.xmemcached.buffer.BufferAllocator;
import net.rubyeye.xmemcached.utils.InetSocketAddressWrapper;

/**
 * The adapter's connector ({@link HashringConnector}, the warm-migration hook), also reporting every failed connection attempt to a main server (the first
 * connect and every reconnect of its heal-session thread) to the {@link HashringSessionLocator} as
 * {@link io.hashring.client.FailureKind#CONNECT_FAILED}: xmemcached waits on each attempt's future
 * with a timeout, and this future reports a {@code false} result, an exception or that timeout.
 */
final class HealthReportingConnector extends HashringConnector {

    private final HashringSessionLocator locator;

    @SuppressWarnings("deprecation") // xmemcached's own constructor takes the deprecated BufferAllocator
    HealthReportingConnector(Configuration configuration, HashringSessionLocator locator,
                             MemcachedSessionComparator comparator, BufferAllocator allocator, CommandFactory commandFactory,
                             int poolSize, int maxQueuedNoReplyOperations) {
        super(configuration, locator, comparator, allocator, commandFactory, poolSize, maxQueuedNoReplyOperations);
        this.locator = locator;
    }

    @Override
    public Future<Boolean> connect(InetSocketAddressWrapper wrapper) {
        Future<Boolean> attempt = super.connect(wrapper);
        if (wrapper.getMainNodeAddress() != null) {
            return attempt; // a standby node: not a configured server
        }
        return new Future<>() {
            private volatile boolean reported;

            private void failed() {
                if (!reported) {
                    reported = true;
                    locator.recordConnectFailure(wrapper.getResolvedSocketAddress());
                }
            }

            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                return attempt.cancel(mayInterruptIfRunning);
            }

            @Override
            public boolean isCancelled() {
                return attempt.isCancelled();
            }

            @Override
            public boolean isDone() {
                return attempt.isDone();
            }

            @Override
            public Boolean get() throws InterruptedException, ExecutionException {
                try {
                    Boolean ok = attempt.get();
                    if (!Boolean.TRUE.equals(ok)) {
                        failed();
                    }
                    return ok;
                } catch (ExecutionException e) {
                    failed();
                    throw e;
                }
            }

            @Override
            public Boolean get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
                try {
                    Boolean ok = attempt.get(timeout, unit);
                    if (!Boolean.TRUE.equals(ok)) {
                        failed();
                    }
                    return ok;
                } catch (ExecutionException | TimeoutException e) {
                    failed();
                    throw e;
                }
            }
        };
    }
}
