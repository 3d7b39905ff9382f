package io.hashring.client.membership;

import io.hashring.client.ClientTopology;
import io.hashring.client.TopologyChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Binds a {@link MembershipSource} to a client's {@link ClientTopology}: every published version
 * newer than the one the client runs is applied as one {@link ClientTopology#replace}; older or
 * equal versions are ignored; what happened is reported to a {@link MembershipListener}.
 *
 * <p>Versions are applied on one applier thread ({@code hashring-membership}), never on the
 * source's, so a slow connect never holds up the source. Versions that arrive while one is being
 * applied are coalesced: only the newest is applied next, the others are reported
 * {@linkplain MembershipListener#ignored ignored}. A version whose replace throws is reported
 * {@linkplain MembershipListener#failed failed}; the client keeps its previous list and the
 * running version stays the previous one, so the next newer version is tried.
 *
 * <p>Lifecycle: {@link #start} starts the source (which normally publishes its first version
 * before {@code start} returns); {@link #first} hands the first version to a builder, which builds
 * the client on it; {@link #bind} then attaches the client's topology, with the first version as
 * the running one, and later versions are applied. {@link #close} closes the source, then stops the
 * applier thread (bounded wait). Thread-safe.
 */
public final class Membership implements MembershipSink, AutoCloseable {

    private static final long JOIN_MILLIS = 10_000;

    private final MembershipSource source;
    private final MembershipListener listener;
    private final Thread applier;
    // guarded by this
    private MembershipVersion first;
    private MembershipVersion pending;
    private ClientTopology topology;
    private long running = Long.MIN_VALUE;
    private boolean closed;
    private boolean applying;

    private Membership(MembershipSource source, MembershipListener listener) {
        this.source = Objects.requireNonNull(source, "source");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.applier = new Thread(this::run, "hashring-membership");
        this.applier.setDaemon(true);
    }

    /**
     * Starts {@code source} with a new membership as its sink. Nothing is applied until {@link #bind}.
     *
     * @throws IllegalStateException if the source was already started or is closed
     */
    public static Membership start(MembershipSource source, MembershipListener listener) {
        Membership m = new Membership(source, listener);
        m.applier.start();
        try {
            source.start(m);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    /** What the source reads ({@link MembershipSource#describe()}). */
    public String describe() {
        return source.describe();
    }

    /**
     * The newest version published so far while not yet bound, waiting up to {@code timeout} for one.
     *
     * @throws IllegalStateException naming the source if none came in time (or the membership is closed)
     */
    public synchronized MembershipVersion first(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (first == null && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (first == null) {
            throw new IllegalStateException(source.describe() + ": no server list within " + timeout
                    + (closed ? " (closed)" : ""));
        }
        return first;
    }

    /**
     * Attaches the client's topology, which runs {@code runningVersion}; versions published since
     * that are newer are applied next.
     *
     * @throws IllegalStateException if already bound or closed
     */
    public synchronized void bind(ClientTopology topology, long runningVersion) {
        if (closed) {
            throw new IllegalStateException("membership of " + source.describe() + " is closed");
        }
        if (this.topology != null) {
            throw new IllegalStateException("membership of " + source.describe() + " is already bound");
        }
        this.topology = Objects.requireNonNull(topology, "topology");
        this.running = runningVersion;
        if (first != null && first.version() > runningVersion) {
            pending = first;
        }
        first = null;
        notifyAll();
    }

    /** The version the client runs (Long.MIN_VALUE before {@link #bind}). */
    public synchronized long runningVersion() {
        return running;
    }

    /** Whether no version is waiting or being applied (for tests and tools). */
    public synchronized boolean isIdle() {
        return pending == null && !applying;
    }

    @Override
    public void publish(MembershipVersion version) {
        Objects.requireNonNull(version, "version");
        MembershipVersion superseded = null;
        long now;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (topology == null) {
                if (first == null || version.version() > first.version()) {
                    first = version;
                    notifyAll();
                }
                return;
            }
            now = running;
            if (version.version() <= running || (pending != null && version.version() <= pending.version())) {
                superseded = version;
            } else {
                superseded = pending;
                pending = version;
                notifyAll();
            }
        }
        if (superseded != null) {
            listener.ignored(superseded, now);
        }
    }

    @Override
    public void rejected(String source, String reason) {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        listener.rejected(source, reason);
    }

    private void run() {
        while (true) {
            MembershipVersion v;
            ClientTopology t;
            synchronized (this) {
                while (!closed && pending == null) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                v = pending;
                pending = null;
                t = topology;
                applying = true;
            }
            apply(t, v);
            synchronized (this) {
                applying = false;
                notifyAll();
            }
        }
    }

    private void apply(ClientTopology t, MembershipVersion v) {
        TopologyChange change;
        try {
            change = t.replace(v.servers());
        } catch (Exception e) {
            listener.failed(v, e);
            return;
        }
        synchronized (this) {
            running = v.version();
        }
        listener.applied(v, change);
    }

    /**
     * Waits until no version is waiting or being applied, at most {@code timeout}.
     *
     * @return whether it became idle in time
     */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(pending == null && !applying) && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Closes the source, then stops the applier thread (a replace under way finishes first; bounded wait). Idempotent. */
    @Override
    public void close() {
        List<RuntimeException> errors = new ArrayList<>(1);
        try {
            source.close();
        } catch (RuntimeException e) {
            errors.add(e);
        }
        synchronized (this) {
            closed = true;
            pending = null;
            notifyAll();
        }
        if (Thread.currentThread() != applier) {
            try {
                applier.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
    }

    @Override
    public synchronized String toString() {
        return "Membership{" + source.describe() + ", running " + running + (closed ? ", closed" : "") + "}";
    }
}
