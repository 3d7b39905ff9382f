package io.hashring.client.membership;

import io.hashring.hash.interop.Server;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Servers given by DNS names, re-resolved on an interval. Each entry is
 * {@code [ID=]HOST:PORT[:WEIGHT]}; the server's identity (its {@link Server#name() name}, so its
 * {@link Server#id() id} and its place on the ring) is {@code ID}, or {@code HOST:PORT} as written,
 * never the address it resolves to: when a name's address changes the client reconnects to the
 * new address and no key moves. With {@link #allAddresses(boolean) allAddresses}, every address
 * of a name is a server of its own, identity {@code ID#ADDRESS}, sorted by address (so the list
 * is stable whatever order the resolver answers in).
 *
 * <p>Every lookup is bounded by the lookup timeout (the default resolver runs
 * {@link InetAddress#getAllByName} on a daemon thread and stops waiting after it). A name that
 * fails to resolve (timeout, unknown host) keeps its last addresses and is reported
 * {@linkplain MembershipSink#rejected rejected} once; until every name has resolved once, nothing
 * is published. A new version (generation 1, 2, ...) is published whenever the resolved list
 * differs from the last one published.
 */
public final class DnsSource extends PollingSource {

    /** Turns a host name into its addresses; may block (the source bounds it). */
    @FunctionalInterface
    public interface Resolver {
        /** The addresses of {@code host}, in the resolver's order. */
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** The default re-resolve interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    /** The default bound of one lookup. */
    public static final Duration DEFAULT_LOOKUP_TIMEOUT = Duration.ofSeconds(2);

    private record Entry(String id, String host, int port, int weight) {
    }

    private final List<Entry> entries;
    private final Resolver resolver;
    private final Duration lookupTimeout;
    private final boolean allAddresses;
    private final ExecutorService lookups;
    // poll thread (and start's caller, before the thread exists) only
    private final Map<String, List<InetAddress>> known = new HashMap<>();
    private List<Server> published;
    private long generation;

    private DnsSource(Builder b) {
        super(b.interval);
        this.entries = List.copyOf(b.entries);
        this.resolver = b.resolver;
        this.lookupTimeout = b.lookupTimeout;
        this.allAddresses = b.allAddresses;
        this.lookups = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hashring-dns-lookup");
            t.setDaemon(true);
            return t;
        });
    }

    /** A builder over entries {@code [ID=]HOST:PORT[:WEIGHT]}, separated by commas or whitespace. */
    public static Builder builder(String entries) {
        return new Builder().entries(entries);
    }

    /** The default resolver: {@link InetAddress#getAllByName}. */
    public static List<InetAddress> systemResolve(String host) throws UnknownHostException {
        return List.of(InetAddress.getAllByName(host));
    }

    @Override
    public String describe() {
        List<String> names = new ArrayList<>();
        entries.forEach(e -> names.add(e.id()));
        return "dns " + String.join(",", names);
    }

    @Override
    protected void poll(MembershipSink sink) throws Exception {
        List<String> problems = new ArrayList<>();
        for (Entry e : entries) {
            try {
                List<InetAddress> a = lookup(e.host());
                if (a.isEmpty()) {
                    throw new UnknownHostException(e.host() + ": no addresses");
                }
                known.put(e.id(), a);
            } catch (UnknownHostException | TimeoutException ex) {
                problems.add("'" + e.id() + "': " + ex.getMessage());
            }
        }
        if (known.size() == entries.size()) {
            List<Server> servers = servers();
            if (!servers.equals(published)) {
                published = servers;
                generation++;
                sink.publish(new MembershipVersion(generation, servers, describe()));
            }
        }
        if (!problems.isEmpty()) {
            throw new UnknownHostException("cannot resolve " + String.join("; ", problems)
                    + (published == null ? " (nothing published yet)" : " (keeping their last addresses)"));
        }
    }

    private List<InetAddress> lookup(String host) throws UnknownHostException, TimeoutException, InterruptedException {
        Future<List<InetAddress>> f = lookups.submit(() -> resolver.resolve(host));
        try {
            return List.copyOf(f.get(lookupTimeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new TimeoutException("lookup of " + host + " took longer than " + lookupTimeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException u) {
                throw new UnknownHostException(u.getMessage() == null ? host : u.getMessage());
            }
            throw new UnknownHostException("lookup of " + host + " failed: " + e.getCause());
        }
    }

    private List<Server> servers() {
        List<Server> out = new ArrayList<>();
        for (Entry e : entries) {
            List<InetAddress> a = known.get(e.id());
            if (!allAddresses) {
                // Keep the address in use while the name still answers it (round-robin DNS reorders
                // its answers); otherwise the resolver's first.
                String now = published == null ? null : addressOf(e.id());
                String pick = now != null && a.stream().map(DnsSource::text).anyMatch(now::equals) ? now : text(a.get(0));
                out.add(new Server(pick, e.port(), e.weight(), e.id()));
                continue;
            }
            List<String> ips = new ArrayList<>(new java.util.TreeSet<>(a.stream().map(DnsSource::text).toList()));
            ips.sort(Comparator.naturalOrder());
            for (String ip : ips) {
                out.add(new Server(ip, e.port(), e.weight(), e.id() + "#" + ip));
            }
        }
        return out;
    }

    private String addressOf(String id) {
        for (Server s : published) {
            if (s.id().equals(id)) {
                return s.host();
            }
        }
        return null;
    }

    private static String text(InetAddress a) {
        String s = a.getHostAddress();
        return a instanceof Inet6Address ? "[" + s + "]" : s;
    }

    @Override
    public void close() {
        super.close();
        lookups.shutdownNow();
    }

    /** Builds a {@link DnsSource}. Not thread-safe. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();
        private Duration interval = DEFAULT_INTERVAL;
        private Duration lookupTimeout = DEFAULT_LOOKUP_TIMEOUT;
        private Resolver resolver = DnsSource::systemResolve;
        private boolean allAddresses;

        private Builder() {
        }

        /**
         * Adds entries {@code [ID=]HOST:PORT[:WEIGHT]}, separated by commas or whitespace.
         *
         * @throws IllegalArgumentException naming a malformed entry or an id given twice
         */
        public Builder entries(String list) {
            Set<String> ids = new HashSet<>();
            entries.forEach(e -> ids.add(e.id()));
            Map<String, Entry> parsed = new LinkedHashMap<>();
            for (String spec : Objects.requireNonNull(list, "entries").trim().split("[,\\s]+")) {
                if (spec.isEmpty()) {
                    continue;
                }
                int eq = spec.indexOf('=');
                String id = eq < 0 ? null : spec.substring(0, eq);
                String rest = eq < 0 ? spec : spec.substring(eq + 1);
                if (id != null && id.isBlank()) {
                    throw new IllegalArgumentException("malformed dns entry '" + spec + "': empty id before '='");
                }
                Server s = Server.parse(rest); // HOST:PORT[:WEIGHT]; its message names the spec
                if (s.name() != null) {
                    throw new IllegalArgumentException("malformed dns entry '" + spec + "': expected [ID=]HOST:PORT[:WEIGHT]");
                }
                String identity = id != null ? id : s.host() + ":" + s.port();
                if (!ids.add(identity)) {
                    throw new IllegalArgumentException("dns entry '" + identity + "' is configured twice");
                }
                parsed.put(identity, new Entry(identity, s.host(), s.port(), s.weight()));
            }
            entries.addAll(parsed.values());
            return this;
        }

        /** How often names are re-resolved (default {@link #DEFAULT_INTERVAL}). */
        public Builder interval(Duration interval) {
            this.interval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /**
         * The bound of one lookup (default {@link #DEFAULT_LOOKUP_TIMEOUT}).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder lookupTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("lookup timeout must be positive, was " + timeout);
            }
            this.lookupTimeout = timeout;
            return this;
        }

        /** The resolver (default {@link DnsSource#systemResolve}); tests pass a deterministic one. */
        public Builder resolver(Resolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** Whether every address of a name is a server ({@code ID#ADDRESS}); default false: the first address only. */
        public Builder allAddresses(boolean all) {
            this.allAddresses = all;
            return this;
        }

        /**
         * The source.
         *
         * @throws IllegalStateException if no entries were given
         */
        public DnsSource build() {
            if (entries.isEmpty()) {
                throw new IllegalStateException("a dns source needs at least one HOST:PORT entry");
            }
            return new DnsSource(this);
        }
    }
}
