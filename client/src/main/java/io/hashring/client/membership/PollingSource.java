package io.hashring.client.membership;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A {@link MembershipSource} that reads on an interval, on one daemon thread of its own: the first
 * read runs on the caller of {@link #start}, so a source that can read at once has published its
 * first version when {@code start} returns. Subclasses implement {@link #poll}, which publishes
 * what changed. A poll that throws is reported as {@linkplain MembershipSink#rejected rejected}
 * (once per distinct message) and polling goes on.
 */
public abstract class PollingSource implements MembershipSource {

    /** Shortest interval accepted. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(10);

    private static final long JOIN_MILLIS = 10_000;

    private final Duration interval;
    private final Object lock = new Object();
    private MembershipSink sink;
    private Thread thread;
    private volatile boolean closed;
    private String lastProblem;

    /**
     * @throws IllegalArgumentException if {@code interval} is below {@link #MIN_INTERVAL}
     */
    protected PollingSource(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("poll interval must be at least " + MIN_INTERVAL + ", was " + interval);
        }
        this.interval = interval;
    }

    /** The poll interval. */
    public Duration interval() {
        return interval;
    }

    /** Reads once and publishes to {@code sink} what changed since the last read (or rejects it). */
    protected abstract void poll(MembershipSink sink) throws Exception;

    @Override
    public final void start(MembershipSink sink) {
        Objects.requireNonNull(sink, "sink");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(describe() + " is closed");
            }
            if (this.sink != null) {
                throw new IllegalStateException(describe() + " was already started");
            }
            this.sink = sink;
        }
        pollOnce(sink);
        synchronized (lock) {
            if (closed) {
                return;
            }
            thread = new Thread(this::loop, "hashring-membership-" + getClass().getSimpleName());
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void loop() {
        while (!closed) {
            try {
                TimeUnit.NANOSECONDS.sleep(interval.toNanos());
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) {
                pollOnce(sink);
            }
        }
    }

    private void pollOnce(MembershipSink sink) {
        try {
            poll(guarded(sink));
            lastProblem = null;
        } catch (Exception e) {
            String problem = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!problem.equals(lastProblem) && !closed) {
                lastProblem = problem;
                sink.rejected(describe(), problem);
            }
        }
    }

    /** The sink, silenced once this source is closed. */
    private MembershipSink guarded(MembershipSink sink) {
        return new MembershipSink() {
            @Override
            public void publish(MembershipVersion version) {
                if (!closed) {
                    sink.publish(version);
                }
            }

            @Override
            public void rejected(String source, String reason) {
                if (!closed) {
                    sink.rejected(source, reason);
                }
            }
        };
    }

    /** Whether {@link #close} was called. */
    protected final boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        Thread t;
        synchronized (lock) {
            closed = true;
            t = thread;
        }
        if (t != null && t != Thread.currentThread()) {
            t.interrupt();
            try {
                t.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
