package io.hashring.client;

import io.hashring.hash.interop.Server;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The runtime side of {@link WarmMigration} for one client, shared by both adapters: which earlier
 * routing snapshots are still warming, which old servers a key has, a per-thread routing override
 * that sends the next operations to an old snapshot's server, the in-process guard against a copy
 * resurrecting a deleted value, and the counters ({@link #stats()}).
 *
 * <h2>Chained changes compose</h2>
 * Every change pushes the snapshot it replaced, with its own deadline (change time + window). A
 * key's old servers are its owners under every snapshot still warming, newest first, each server
 * once, without the key's current owner. Composition (rather than a second change closing the
 * first window) is what keeps hits when servers are added one at a time: adding 5 servers is 5
 * changes, and a key moved by the first still has its value on its owner under the first snapshot.
 * Newest first is safe because every write deletes the copies on all old servers: when two old
 * servers hold a key, they hold the same value or the newer one holds the newer value. At most
 * {@link WarmMigration#maxSnapshots()} are kept (a further change drops the oldest).
 *
 * <h2>The window ends</h2>
 * per snapshot when its deadline passes (a shared daemon timer drops it), for all when the caller
 * says {@link #endWarmup()}, or when {@link WarmMigration#missStreak()} warm reads in a row found
 * nothing. When a snapshot is dropped, each of its servers that neither the current snapshot nor a
 * remaining warming one has is handed to the release hook, which closes its connection.
 *
 * <h2>Deletes against copies (in-process)</h2>
 * A reader that missed on the new server, read {@code V0} from the old one and then copies it with
 * {@code add} could resurrect {@code V0} after a concurrent delete removed it from both servers.
 * Keys are striped ({@value #STRIPES} stripes by the key's {@code String} hash); a delete of a key
 * whose old server differs calls {@link #beginDelete} before it sends anything and
 * {@link #endDelete} once its old-server deletes have completed. A reader takes
 * {@link #readToken} before it reads old servers (no token while a delete in its stripe is in
 * flight: the key is then a plain miss), and {@link #beginCopy} admits the copy only if no delete
 * began in the stripe since; a delete waits (at most its timeout) for admitted copies to be
 * acknowledged, so its own deletes land after them. Sets need no guard: a copy uses {@code add},
 * which never replaces a value. Across processes the guard does not reach: a delete from another
 * process between this reader's old read and its copy can resurrect the value on the new server,
 * for at most the copy TTL ({@link WarmMigration#copyTtl()}).
 *
 * <p>Thread-safe. When no window is open, routing pays one volatile read ({@link #override()}).
 *
 * @param <C> the client's connection handle type
 */
public final class WarmWindow<C> {

    /** Stripes of the delete/copy guard (a power of two). */
    public static final int STRIPES = 1024;

    private static final ScheduledExecutorService TIMER = timer();

    private final WarmMigration config;
    private final Supplier<RoutingSnapshot<C>> current;
    private volatile BiConsumer<Server, C> release = (s, c) -> { };
    /** Newest first; replaced whole under {@code this}. */
    private volatile List<Warming<C>> warming = List.of();

    private final ThreadLocal<Scope> scope = new ThreadLocal<>();
    private final AtomicLong openScopes = new AtomicLong();

    private final AtomicLongArray started = new AtomicLongArray(STRIPES);
    private final AtomicLongArray finished = new AtomicLongArray(STRIPES);
    private final int[] copying = new int[STRIPES]; // guarded by locks[i]
    private final Object[] locks = new Object[STRIPES];

    private final Set<String> untrusted = ConcurrentHashMap.newKeySet();
    private final AtomicLong missStreak = new AtomicLong();
    private final LongAdder windowsOpened = new LongAdder();
    private final LongAdder windowsEnded = new LongAdder();
    private final LongAdder warmReads = new LongAdder();
    private final LongAdder warmHits = new LongAdder();
    private final LongAdder warmMisses = new LongAdder();
    private final LongAdder warmErrors = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder copies = new LongAdder();
    private final LongAdder copyConflicts = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private final LongAdder invalidationFailures = new LongAdder();
    private volatile String lastEndReason = "";

    /** One earlier snapshot and when it stops warming. */
    private record Warming<C>(RoutingSnapshot<C> snapshot, long deadlineNanos) {
    }

    /** A key's old server: its node index in an earlier snapshot. */
    public record OldOwner<C>(RoutingSnapshot<C> snapshot, int index) {
        /** The server. */
        public Server server() {
            return snapshot.server(index);
        }

        /** Its connection handle in that snapshot. */
        public C connection() {
            return snapshot.connection(index);
        }
    }

    /**
     * A window for one client.
     *
     * @param config  the settings (may be {@link WarmMigration#off()}: then nothing ever warms)
     * @param current the client's current snapshot (read when deciding which servers to release)
     */
    public WarmWindow(WarmMigration config, Supplier<RoutingSnapshot<C>> current) {
        this.config = Objects.requireNonNull(config, "config");
        this.current = Objects.requireNonNull(current, "current");
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** The settings. */
    public WarmMigration config() {
        return config;
    }

    /** Whether changes warm at all. */
    public boolean enabled() {
        return config.enabled();
    }

    /**
     * Sets what happens to a server no snapshot routes to any more (the adapter closes its
     * connection). Called on the thread that ends the window: the timer, a topology change or
     * {@link #endWarmup()}.
     */
    public void onRelease(BiConsumer<Server, C> hook) {
        this.release = Objects.requireNonNull(hook, "hook");
    }

    // ------------------------------------------------------------------ changes and ends

    /**
     * Records a published change: {@code previous} is the snapshot it replaced. Opens a window (or
     * adds to the open one). Call after the new snapshot is published. Does nothing when off.
     */
    public void changed(RoutingSnapshot<C> previous) {
        Objects.requireNonNull(previous, "previous");
        if (!enabled()) {
            return;
        }
        List<Warming<C>> dropped = new ArrayList<>();
        long deadline = System.nanoTime() + config.window().toNanos();
        synchronized (this) {
            List<Warming<C>> next = new ArrayList<>(warming.size() + 1);
            next.add(new Warming<>(previous, deadline));
            next.addAll(warming);
            while (next.size() > config.maxSnapshots()) {
                dropped.add(next.remove(next.size() - 1));
            }
            warming = List.copyOf(next);
        }
        windowsOpened.increment();
        TIMER.schedule(this::expire, config.window().toNanos(), TimeUnit.NANOSECONDS);
        releaseUnreferenced(dropped);
    }

    /** Ends every warming snapshot now (the caller knows the new servers are warm); releases removed servers. */
    public void endWarmup() {
        end("endWarmup()");
    }

    private void end(String reason) {
        List<Warming<C>> dropped;
        synchronized (this) {
            dropped = warming;
            if (dropped.isEmpty()) {
                return;
            }
            warming = List.of();
            untrusted.clear();
        }
        lastEndReason = reason;
        windowsEnded.increment();
        releaseUnreferenced(dropped);
    }

    /** Drops snapshots whose deadline has passed. */
    private void expire() {
        long now = System.nanoTime();
        List<Warming<C>> dropped = new ArrayList<>();
        synchronized (this) {
            List<Warming<C>> keep = new ArrayList<>();
            for (Warming<C> w : warming) {
                (now - w.deadlineNanos() >= 0 ? dropped : keep).add(w);
            }
            if (dropped.isEmpty()) {
                return;
            }
            warming = List.copyOf(keep);
            if (keep.isEmpty()) {
                untrusted.clear();
            }
        }
        if (warming.isEmpty()) {
            lastEndReason = "window of " + config.window() + " passed";
            windowsEnded.increment();
        }
        releaseUnreferenced(dropped);
    }

    private void releaseUnreferenced(List<Warming<C>> dropped) {
        if (dropped.isEmpty()) {
            return;
        }
        Set<String> referenced = new HashSet<>();
        current.get().servers().forEach(s -> referenced.add(s.id()));
        for (Warming<C> w : warming) {
            w.snapshot().servers().forEach(s -> referenced.add(s.id()));
        }
        Set<String> released = new HashSet<>();
        for (Warming<C> w : dropped) {
            RoutingSnapshot<C> s = w.snapshot();
            for (int i = 0; i < s.size(); i++) {
                String id = s.server(i).id();
                if (!referenced.contains(id) && released.add(id)) {
                    release.accept(s.server(i), s.connection(i));
                }
            }
        }
    }

    /** Whether a window is open (some earlier snapshot is still warming). */
    public boolean isOpen() {
        return !warming().isEmpty();
    }

    /** The earlier snapshots still warming, newest first (those past their deadline left out). */
    public List<RoutingSnapshot<C>> warming() {
        List<Warming<C>> w = warming;
        if (w.isEmpty()) {
            return List.of();
        }
        long now = System.nanoTime();
        List<RoutingSnapshot<C>> out = new ArrayList<>(w.size());
        for (Warming<C> x : w) {
            if (now - x.deadlineNanos() < 0) {
                out.add(x.snapshot());
            }
        }
        return out;
    }

    /** Whether any warming snapshot (or the current one) has server {@code id}. */
    public boolean references(String id) {
        for (Warming<C> w : warming) {
            if (w.snapshot().contains(id)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ old owners

    /**
     * The key's old servers: its owner under each warming snapshot, newest first, each server once,
     * without its owner under {@code now} and (when {@code forReads}) without servers whose
     * invalidation failed in this window. Empty when no window is open. Allocates only then.
     */
    public List<OldOwner<C>> oldOwners(RoutingSnapshot<C> now, String key, boolean forReads) {
        List<RoutingSnapshot<C>> w = warming();
        if (w.isEmpty() || now.size() == 0) {
            return List.of();
        }
        String owner = now.server(now.indexOf(key)).id();
        List<OldOwner<C>> out = new ArrayList<>(2);
        for (RoutingSnapshot<C> s : w) {
            if (s.size() == 0) {
                continue;
            }
            int i = s.indexOf(key);
            String id = s.server(i).id();
            if (id.equals(owner) || (forReads && untrusted.contains(id)) || contains(out, id)) {
                continue;
            }
            out.add(new OldOwner<>(s, i));
        }
        return out;
    }

    private static <C> boolean contains(List<OldOwner<C>> owners, String id) {
        for (OldOwner<C> o : owners) {
            if (o.server().id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ warm reads

    /** Reads one key from one old server; null on a miss. */
    @FunctionalInterface
    public interface OldRead<C, V> {
        V read(OldOwner<C> owner, String key) throws Exception;
    }

    /**
     * Reads keys from their owners under one earlier snapshot (the adapter sends one bulk get per
     * server); returns the hits.
     */
    @FunctionalInterface
    public interface OldBulkRead<C, V> {
        Map<String, V> read(RoutingSnapshot<C> snapshot, Collection<String> keys) throws Exception;
    }

    /** Copies values to their current server with {@code add} and {@code exp}; returns the keys stored. Synchronous. */
    @FunctionalInterface
    public interface Copy<V> {
        Collection<String> addAll(Map<String, V> values, int exp) throws Exception;
    }

    /**
     * The read side of a key that missed on its server under {@code now}: asks its old servers
     * (newest snapshot first, those {@code usable} rejects skipped), and on a hit copies the value
     * to the current server (if no delete intervened) and returns it; null if no old server has
     * it. A failed old read counts as a miss, never as an error.
     */
    public <V> V readThrough(RoutingSnapshot<C> now, String key, Predicate<OldOwner<C>> usable, OldRead<C, V> read,
                             Copy<V> copy) {
        List<OldOwner<C>> owners = oldOwners(now, key, true);
        if (owners.isEmpty()) {
            return null;
        }
        long token = readToken(key);
        if (token < 0) {
            skipped();
            return null;
        }
        for (OldOwner<C> o : owners) {
            if (!usable.test(o)) {
                skipped();
                continue;
            }
            V v;
            try {
                v = read.read(o, key);
            } catch (Exception e) {
                interruptedAgain(e);
                recordWarmError();
                continue;
            }
            if (v != null) {
                recordWarmRead(true);
                copyAll(Map.of(key, v), Map.of(key, token), copy);
                return v;
            }
        }
        recordWarmRead(false);
        return null;
    }

    /**
     * The read side of a bulk get: for the keys that missed on their current servers, one bulk
     * read per earlier snapshot (newest first) of the keys whose owner there is an old server not
     * yet asked, then copies of every hit. Returns the hits.
     */
    public <V> Map<String, V> readThroughAll(RoutingSnapshot<C> now, Collection<String> missed,
                                             Predicate<OldOwner<C>> usable, OldBulkRead<C, V> read, Copy<V> copy) {
        List<RoutingSnapshot<C>> snapshots = warming();
        if (snapshots.isEmpty() || missed.isEmpty() || now.size() == 0) {
            return Map.of();
        }
        Map<String, Long> tokens = new HashMap<>();
        Map<String, Set<String>> asked = new HashMap<>();
        for (String k : missed) {
            if (!oldOwners(now, k, true).isEmpty()) {
                long t = readToken(k);
                if (t < 0) {
                    skipped();
                } else {
                    tokens.put(k, t);
                    asked.put(k, new HashSet<>(List.of(now.server(now.indexOf(k)).id())));
                }
            }
        }
        Map<String, V> found = new LinkedHashMap<>();
        Map<String, Boolean> usableById = new HashMap<>();
        for (RoutingSnapshot<C> s : snapshots) {
            if (s.size() == 0) {
                continue;
            }
            List<String> ask = new ArrayList<>();
            for (String k : tokens.keySet()) {
                if (found.containsKey(k)) {
                    continue;
                }
                OldOwner<C> o = new OldOwner<>(s, s.indexOf(k));
                String id = o.server().id();
                if (untrusted.contains(id) || !asked.get(k).add(id)) {
                    continue;
                }
                if (!usableById.computeIfAbsent(id, x -> usable.test(o))) {
                    skipped();
                    continue;
                }
                ask.add(k);
            }
            if (ask.isEmpty()) {
                continue;
            }
            try {
                Map<String, V> got = read.read(s, ask);
                got.forEach((k, v) -> {
                    if (v != null && tokens.containsKey(k)) {
                        found.put(k, v);
                    }
                });
            } catch (Exception e) {
                interruptedAgain(e);
                recordWarmError();
            }
        }
        for (String k : tokens.keySet()) {
            recordWarmRead(found.containsKey(k));
        }
        copyAll(found, tokens, copy);
        return found;
    }

    private <V> void copyAll(Map<String, V> values, Map<String, Long> tokens, Copy<V> copy) {
        Map<String, V> admitted = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (beginCopy(k, tokens.get(k))) {
                admitted.put(k, v);
            } else {
                skipped();
            }
        });
        if (admitted.isEmpty()) {
            return;
        }
        try {
            Collection<String> stored = copy.addAll(admitted, config.copyExpiry());
            for (String k : admitted.keySet()) {
                recordCopy(stored.contains(k));
            }
        } catch (Exception e) {
            interruptedAgain(e);
            admitted.keySet().forEach(k -> recordCopy(false));
        } finally {
            admitted.keySet().forEach(this::endCopy);
        }
    }

    private static void interruptedAgain(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ routing override

    /**
     * What the calling thread has asked for: a snapshot to route by (null: route normally) and
     * whether its operations are the warm machinery's own (which adapters must not intercept).
     */
    public final class Scope implements AutoCloseable {
        private final Scope previous;
        private final RoutingSnapshot<C> snapshot;

        private Scope(Scope previous, RoutingSnapshot<C> snapshot) {
            this.previous = previous;
            this.snapshot = snapshot;
        }

        /** Restores what the thread had before. */
        @Override
        public void close() {
            if (previous == null) {
                scope.remove();
            } else {
                scope.set(previous);
            }
            openScopes.decrementAndGet();
        }
    }

    /**
     * Routes this thread's operations by {@code snapshot} until the scope is closed (the
     * adapters' locators read it: {@code getPrimary}, {@code getSessionByKey}, which the clients
     * call on the caller's thread while queueing). Operations sent in the scope are the warm
     * machinery's own. Use in try-with-resources.
     */
    public Scope routeTo(RoutingSnapshot<C> snapshot) {
        Scope s = new Scope(scope.get(), Objects.requireNonNull(snapshot, "snapshot"));
        openScopes.incrementAndGet();
        scope.set(s);
        return s;
    }

    /** Marks this thread's operations as the warm machinery's own, routed normally, until closed. */
    public Scope internal() {
        Scope s = new Scope(scope.get(), null);
        openScopes.incrementAndGet();
        scope.set(s);
        return s;
    }

    /** The snapshot this thread routes by now, or null. One volatile read when no thread has a scope. */
    public RoutingSnapshot<C> override() {
        if (openScopes.get() == 0) {
            return null;
        }
        Scope s = scope.get();
        return s == null ? null : s.snapshot;
    }

    /** Whether this thread is inside {@link #routeTo} or {@link #internal}. */
    public boolean inScope() {
        return openScopes.get() != 0 && scope.get() != null;
    }

    // ------------------------------------------------------------------ delete / copy guard

    private static int stripe(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    /**
     * Before reading old servers for {@code key}: a token for {@link #beginCopy}, or -1 if a delete
     * in the key's stripe is in flight (the key must then be treated as a miss, and counted by
     * {@link #skipped()}).
     */
    public long readToken(String key) {
        int s = stripe(key);
        long st = started.get(s);
        return finished.get(s) == st ? st : -1;
    }

    /**
     * Admits a copy of a value read after {@code token}: true if no delete began in the key's
     * stripe since; then the caller copies and calls {@link #endCopy} once the copy is answered.
     */
    public boolean beginCopy(String key, long token) {
        int s = stripe(key);
        synchronized (locks[s]) {
            if (token < 0 || started.get(s) != token || finished.get(s) != token) {
                return false;
            }
            copying[s]++;
            return true;
        }
    }

    /** A copy admitted by {@link #beginCopy} has been answered (stored, refused or failed). */
    public void endCopy(String key) {
        int s = stripe(key);
        synchronized (locks[s]) {
            copying[s]--;
            locks[s].notifyAll();
        }
    }

    /**
     * A delete of {@code key} is about to be sent to its new and old servers: readers stop
     * trusting old servers in its stripe, and this waits (at most {@code maxWaitMillis}) until
     * copies already admitted in the stripe are answered.
     */
    public void beginDelete(String key, long maxWaitMillis) {
        int s = stripe(key);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        synchronized (locks[s]) {
            started.incrementAndGet(s);
            while (copying[s] > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(locks[s], left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    /** The old-server deletes of a delete begun with {@link #beginDelete} have completed (or failed). */
    public void endDelete(String key) {
        finished.incrementAndGet(stripe(key));
    }

    /** Runs {@code task} once, about {@code millis} from now, on the shared warm-window timer (for adapters' own deadlines). */
    public void afterMillis(long millis, Runnable task) {
        TIMER.schedule(task, millis, TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------ counters

    /** A key was looked up on old servers; {@code hit} whether one had it. */
    public void recordWarmRead(boolean hit) {
        warmReads.increment();
        if (hit) {
            warmHits.increment();
            missStreak.set(0);
        } else {
            warmMisses.increment();
            if (missStreak.incrementAndGet() >= config.missStreak()) {
                missStreak.set(0);
                end(config.missStreak() + " consecutive warm misses");
            }
        }
    }

    /** An old-server read failed (the key counts as a miss through {@link #recordWarmRead}). */
    public void recordWarmError() {
        warmErrors.increment();
    }

    /** An old server was not asked (down, ejected), or a key not looked up (delete in flight). */
    public void skipped() {
        skipped.increment();
    }

    /** A copy was answered: {@code stored} whether {@code add} stored it. */
    public void recordCopy(boolean stored) {
        (stored ? copies : copyConflicts).increment();
    }

    /** An old server's copy of a written key was deleted ({@code ok}) or the delete failed. */
    public void recordInvalidation(Server oldServer, boolean ok) {
        invalidations.increment();
        if (!ok) {
            invalidationFailures.increment();
            // It may still hold a value older than the write: never read it again in this window.
            untrusted.add(oldServer.id());
        }
    }

    /** The counters now. */
    public WarmStats stats() {
        List<RoutingSnapshot<C>> w = warming();
        return new WarmStats(!w.isEmpty(), w.size(), windowsOpened.sum(), windowsEnded.sum(), warmReads.sum(),
                warmHits.sum(), warmMisses.sum(), warmErrors.sum(), skipped.sum(), copies.sum(), copyConflicts.sum(),
                invalidations.sum(), invalidationFailures.sum(), lastEndReason);
    }

    @Override
    public String toString() {
        return "WarmWindow{" + config + ", " + stats() + "}";
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "hashring-warm-window");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }
}
