package io.hashring.xmemcached;

import com.google.code.yanf4j.config.Configuration;
import com.google.code.yanf4j.core.Session;
import io.hashring.client.MissWhileEjected;
import io.hashring.client.RoutingSnapshot;
import io.hashring.client.WarmWindow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import net.rubyeye.xmemcached.CommandFactory;
import net.rubyeye.xmemcached.MemcachedSessionComparator;
import net.rubyeye.xmemcached.buffer.BufferAllocator;
import net.rubyeye.xmemcached.command.Command;
import net.rubyeye.xmemcached.command.CommandType;
import net.rubyeye.xmemcached.command.text.TextGetMultiCommand;
import net.rubyeye.xmemcached.exception.MemcachedException;
import net.rubyeye.xmemcached.impl.MemcachedConnector;
import net.rubyeye.xmemcached.transcoders.CachedData;
import net.rubyeye.xmemcached.transcoders.CompressionMode;
import net.rubyeye.xmemcached.transcoders.Transcoder;
import net.rubyeye.xmemcached.utils.ByteUtils;

/**
 * xmemcached's connector with warm migration: every command xmemcached sends passes
 * {@link #send(Command)} on the calling thread, and xmemcached's client methods are final, so this
 * is where the adapter sees a get's result before the caller does and a write before it is sent.
 * While a warm-up window is open ({@link WarmWindow}):
 * <ul>
 *   <li>a {@code get}/{@code gets} that misses on the key's server is answered, before the caller
 *       reads it, from the key's old servers (commands written straight to an old server's open
 *       session; the raw bytes and flags are copied to the new server with {@code add}, with the
 *       copy TTL cap: xmemcached cannot read a value's remaining TTL); a {@code gets} is then read
 *       again from the new server, so its CAS id is the new server's;</li>
 *   <li>a bulk get's per-server command finishes only after its misses were read from their old
 *       servers (one bulk per old server) and copied, on a small daemon pool (text protocol);</li>
 *   <li>a write (set, add, replace, cas, append, prepend, incr, decr, touch, delete; also their
 *       noreply forms) first deletes the key on each of its old servers and waits for the answers
 *       (one round trip, the old servers in turn), then is sent; writes that act on the existing
 *       value first copy it from an old server if the new one lacks it.</li>
 * </ul>
 * Outside a window {@link #send} is xmemcached's own, plus one volatile read. Thread-safe.
 */
@SuppressWarnings("try") // WarmWindow scopes are thread-local markers: their bodies never name them
class HashringConnector extends MemcachedConnector {

    private final HashringSessionLocator locator;
    private final CommandFactory commands;
    private volatile LongSupplier opTimeout = () -> 1000;
    private volatile Transcoder<?> transcoder;
    private final ExecutorService bulkWarmer = new ThreadPoolExecutor(0, 64, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "hashring-xmemcached-warm");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.CallerRunsPolicy());

    @SuppressWarnings("deprecation") // xmemcached's connector takes its deprecated BufferAllocator
    HashringConnector(Configuration configuration, HashringSessionLocator locator, MemcachedSessionComparator comparator,
                      BufferAllocator allocator, CommandFactory commandFactory, int poolSize, int maxQueuedNoReplyOperations) {
        super(configuration, locator, comparator, allocator, commandFactory, poolSize, maxQueuedNoReplyOperations);
        this.locator = locator;
        this.commands = commandFactory;
    }

    /** Called by the client once it is built: its operation timeout and transcoder. */
    void bind(LongSupplier opTimeout, Transcoder<?> transcoder) {
        this.opTimeout = opTimeout;
        this.transcoder = transcoder;
    }

    @Override
    public Session send(Command msg) throws MemcachedException {
        WarmWindow<Session[]> w = locator.warm();
        if (!w.inScope() && answerIfDropped(msg)) {
            return null; // the client's wait sees the counted-down latch (HashringXMemcachedClient.latchWait)
        }
        if (!w.enabled() || transcoder == null || w.inScope() || !w.isOpen()) {
            return super.send(msg);
        }
        switch (msg.getCommandType()) {
            case GET_ONE, GETS_ONE:
                return warmGet(w, msg);
            case GET_MANY, GETS_MANY:
                return msg instanceof TextGetMultiCommand ? warmGetMany(w, msg) : super.send(msg);
            case SET, CAS, DELETE:
                return warmWrite(w, msg, false);
            case ADD, REPLACE, APPEND, PREPEND, INCR, DECR, TOUCH:
                return warmWrite(w, msg, true);
            default:
                return super.send(msg);
        }
    }

    /**
     * Under {@link io.hashring.client.FailoverPolicy#missWhileEjected()}, answers a single-key command
     * whose key's server is ejected (or has no open session: the locator would fail it over) at once,
     * without sending it: a get/gets/gat reads as a miss (null),
     * a set, add, replace, append, prepend, cas, delete or touch reports false, an incr/decr -1; a
     * noreply form is simply not sent. Multi-key gets are routed as usual.
     *
     * @return whether the command was answered here
     */
    private boolean answerIfDropped(Command msg) {
        if (!locator.ledger().policy().missesWhileEjected()) {
            return false; // the default policy: no snapshot read, no lambda per command
        }
        Object result;
        boolean write = true;
        switch (msg.getCommandType()) {
            case GET_ONE, GETS_ONE, GAT, GATQ -> {
                result = null;
                write = msg.getCommandType() == CommandType.GAT || msg.getCommandType() == CommandType.GATQ;
            }
            case SET, ADD, REPLACE, APPEND, PREPEND, CAS, DELETE, TOUCH -> result = Boolean.FALSE;
            case INCR, DECR -> result = -1L;
            default -> {
                return false;
            }
        }
        RoutingSnapshot<Session[]> s = locator.snapshot();
        int owner = MissWhileEjected.droppedOwner(s, locator.ledger(), msg.getKey(),
                i -> locator.liveSession(s.server(i).id(), msg.getKey()) != null);
        if (owner < 0) {
            return false;
        }
        MissWhileEjected.dropped(s, locator.ledger(), owner, msg.getKey(), write);
        if (msg.getIoBuffer() == null) {
            msg.encode(); // xmemcached frees the command's buffer after the wait
        }
        msg.setResult(result);
        msg.countDownLatch();
        return true;
    }

    /** Whether an old server can be asked: it has an open session and is not ejected. */
    private boolean usable(WarmWindow.OldOwner<Session[]> o) {
        return locator.liveSession(o.server().id(), "") != null && !o.snapshot().isEjected(o.index());
    }

    // ------------------------------------------------------------------ reads

    private Session warmGet(WarmWindow<Session[]> w, Command msg) throws MemcachedException {
        Session s = super.send(msg);
        try {
            if (!msg.getLatch().await(opTimeout.getAsLong(), TimeUnit.MILLISECONDS)) {
                return s; // the client's own wait reports the timeout
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return s;
        }
        if (msg.getException() != null || msg.getResult() != null) {
            return s;
        }
        String key = msg.getKey();
        CachedData old = w.readThrough(locator.snapshot(), key, this::usable,
                (o, k) -> rawGet(locator.liveSession(o.server().id(), k), k), this::copy);
        if (old != null) {
            if (msg.getCommandType() == CommandType.GETS_ONE) {
                CachedData fresh = rawGet(null, key, CommandType.GETS_ONE);
                msg.setResult(fresh);
            } else {
                msg.setResult(old);
            }
        }
        return s;
    }

    /** Counts the client's latch down only after this command's misses were read from old servers. */
    private final class WarmLatch extends CountDownLatch {
        private final Command command;
        private final CountDownLatch client;
        private final WarmWindow<Session[]> window;

        WarmLatch(Command command, CountDownLatch client, WarmWindow<Session[]> window) {
            super(1);
            this.command = command;
            this.client = client;
            this.window = window;
        }

        @Override
        public void countDown() {
            if (getCount() == 0) {
                return;
            }
            super.countDown();
            bulkWarmer.execute(() -> {
                try {
                    completeMisses(window, command);
                } finally {
                    client.countDown();
                }
            });
        }
    }

    private Session warmGetMany(WarmWindow<Session[]> w, Command msg) throws MemcachedException {
        CountDownLatch client = msg.getLatch();
        msg.setLatch(new WarmLatch(msg, client, w));
        try {
            return super.send(msg);
        } catch (MemcachedException | RuntimeException e) {
            msg.setLatch(client);
            throw e;
        }
    }

    @SuppressWarnings("unchecked") // a get-many command's result is xmemcached's Map<String, CachedData>
    private void completeMisses(WarmWindow<Session[]> w, Command msg) {
        if (msg.getException() != null || msg.getKeyBytes() == null) {
            return;
        }
        Map<String, CachedData> result = (Map<String, CachedData>) msg.getResult();
        if (result == null) {
            return;
        }
        List<String> keys = Arrays.asList(new String(msg.getKeyBytes(), StandardCharsets.UTF_8).split(" "));
        List<String> missed = new ArrayList<>();
        for (String k : keys) {
            if (!result.containsKey(k)) {
                missed.add(k);
            }
        }
        if (missed.isEmpty()) {
            return;
        }
        boolean gets = msg.getCommandType() == CommandType.GETS_MANY;
        try (WarmWindow<Session[]>.Scope own = w.internal()) {
            Map<String, CachedData> found = w.readThroughAll(locator.snapshot(), missed, this::usable,
                    (snapshot, ks) -> rawGetMany(snapshot, ks), this::copy);
            if (gets && !found.isEmpty()) {
                for (String k : found.keySet()) {
                    CachedData fresh = rawGet(null, k, CommandType.GETS_ONE);
                    if (fresh != null) {
                        result.put(k, fresh);
                    }
                }
            } else {
                result.putAll(found);
            }
        } catch (Exception e) {
            // a failed warm read is a miss
        }
    }

    /** One get-many per old server of {@code snapshot}: the keys grouped by their owner there. */
    private Map<String, CachedData> rawGetMany(RoutingSnapshot<Session[]> snapshot, Collection<String> keys)
            throws Exception {
        Map<String, List<String>> byServer = new LinkedHashMap<>();
        for (String k : keys) {
            byServer.computeIfAbsent(snapshot.server(snapshot.indexOf(k)).id(), x -> new ArrayList<>()).add(k);
        }
        List<Command> sent = new ArrayList<>();
        CountDownLatch latch = new CountDownLatch(byServer.size());
        for (Map.Entry<String, List<String>> e : byServer.entrySet()) {
            Session session = locator.liveSession(e.getKey(), e.getValue().get(0));
            if (session == null) {
                latch.countDown();
                continue;
            }
            Command c = commands.createGetMultiCommand(e.getValue(), latch, CommandType.GET_MANY, transcoder);
            session.write(c);
            sent.add(c);
        }
        if (!latch.await(opTimeout.getAsLong(), TimeUnit.MILLISECONDS)) {
            sent.forEach(Command::cancel);
        }
        Map<String, CachedData> out = new HashMap<>();
        for (Command c : sent) {
            @SuppressWarnings("unchecked")
            Map<String, CachedData> r = (Map<String, CachedData>) c.getResult();
            if (c.getException() == null && r != null) {
                out.putAll(r);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ writes

    private Session warmWrite(WarmWindow<Session[]> w, Command msg, boolean actsOnValue) throws MemcachedException {
        String key = msg.getKey();
        RoutingSnapshot<Session[]> now = locator.snapshot();
        List<WarmWindow.OldOwner<Session[]>> olds = w.oldOwners(now, key, false);
        if (olds.isEmpty()) {
            return super.send(msg);
        }
        boolean delete = msg.getCommandType() == CommandType.DELETE;
        if (delete) {
            w.beginDelete(key, opTimeout.getAsLong());
        }
        try (WarmWindow<Session[]>.Scope own = w.internal()) {
            if (actsOnValue) {
                warmFirst(w, now, key);
            }
            for (WarmWindow.OldOwner<Session[]> o : olds) {
                Session session = locator.liveSession(o.server().id(), key);
                boolean ok = false;
                if (session != null) {
                    Command del = commands.createDeleteCommand(key, ByteUtils.getBytes(key), 0, 0, false);
                    session.write(del);
                    ok = await(del) && del.getException() == null;
                }
                w.recordInvalidation(o.server(), ok);
            }
        } finally {
            if (delete) {
                w.endDelete(key);
            }
        }
        return super.send(msg);
    }

    private void warmFirst(WarmWindow<Session[]> w, RoutingSnapshot<Session[]> now, String key) {
        try {
            if (rawGet(null, key, CommandType.GET_ONE) != null) {
                return;
            }
        } catch (RuntimeException e) {
            return; // the write itself will report the server's failure
        }
        w.readThrough(now, key, this::usable, (o, k) -> rawGet(locator.liveSession(o.server().id(), k), k), this::copy);
    }

    // ------------------------------------------------------------------ raw commands

    private CachedData rawGet(Session session, String key) {
        return session == null ? null : rawGet(session, key, CommandType.GET_ONE);
    }

    /** A raw get from {@code session} (null: the key's current server); null on a miss or failure. */
    private CachedData rawGet(Session session, String key, CommandType type) {
        Command c = commands.createGetCommand(key, ByteUtils.getBytes(key), type, transcoder);
        try (WarmWindow<Session[]>.Scope own = locator.warm().internal()) {
            if (session == null) {
                super.send(c);
            } else {
                session.write(c);
            }
        } catch (MemcachedException e) {
            return null;
        }
        return await(c) && c.getException() == null ? (CachedData) c.getResult() : null;
    }

    /** Copies with {@code add} to each key's own server under the current ring (if it is up), in turn; the keys stored. */
    private Collection<String> copy(Map<String, CachedData> values, int exp) {
        List<String> stored = new ArrayList<>();
        RoutingSnapshot<Session[]> now = locator.snapshot();
        for (Map.Entry<String, CachedData> e : values.entrySet()) {
            String key = e.getKey();
            // only to the key's own server: a copy on a failover server would escape later invalidations
            int owner = now.indexOf(key);
            Session session = now.isEjected(owner) ? null : locator.liveSession(now.server(owner).id(), key);
            if (session == null) {
                continue;
            }
            Command c = commands.createAddCommand(key, ByteUtils.getBytes(key), exp, e.getValue(), false, RAW);
            session.write(c);
            if (await(c) && c.getException() == null && Boolean.TRUE.equals(c.getResult())) {
                stored.add(key);
            }
        }
        return stored;
    }

    private boolean await(Command c) {
        try {
            if (c.getLatch().await(opTimeout.getAsLong(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            c.cancel();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stores a value's bytes and flags as read from another server. */
    private static final Transcoder<CachedData> RAW = new Transcoder<>() {
        @Override
        public CachedData encode(CachedData o) {
            return o;
        }

        @Override
        public CachedData decode(CachedData d) {
            return d;
        }

        @Override
        public void setPrimitiveAsString(boolean primitiveAsString) {
        }

        @Override
        public void setPackZeros(boolean packZeros) {
        }

        @Override
        public void setCompressionThreshold(int to) {
        }

        @Override
        public boolean isPrimitiveAsString() {
            return false;
        }

        @Override
        public boolean isPackZeros() {
            return false;
        }

        @Override
        public void setCompressionMode(CompressionMode compressMode) {
        }
    };
}
