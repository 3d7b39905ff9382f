package io.hashring.testkit;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

/**
 * What the live and load kits share: the downstream {@link ClientFactory}, clients that are
 * always closed, client calls bounded by the hang timeout, and probes of where keys really are.
 */
public abstract class ClientKitSupport implements Kit {

    private final List<ClientUnderTest> clients = new ArrayList<>();
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hashring-testkit-call");
        t.setDaemon(true); // a hung client call must not keep the JVM alive
        return t;
    });
    private ClientFactory factory;

    ClientKitSupport() {
    }

    /** The client under test; called once per kit instance. */
    protected abstract ClientFactory clientFactory();

    /**
     * Rules this client is known to fail, with the reason; by default the factory's
     * ({@link ClientFactory#expectedFailures()}). Such a rule still runs, must fail (else the test
     * fails so the declaration gets removed), and is reported as {@code failed-expected}.
     */
    @Override
    public Map<Rules, String> expectedFailures() {
        return factory().expectedFailures();
    }

    @Override
    public String subjectName() {
        return factory().name();
    }

    abstract MemcachedCluster cluster();

    final ClientFactory factory() {
        if (factory == null) {
            factory = clientFactory();
        }
        return factory;
    }

    final Capabilities capabilities() {
        return factory().capabilities();
    }

    @AfterEach
    final void closeClients() {
        for (ClientUnderTest c : clients) {
            Future<?> f = calls.submit(c::close);
            try {
                f.get(TestkitSettings.hangTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception ignored) {
                f.cancel(true); // a client that cannot close is abandoned; its threads are daemon threads
            }
        }
        clients.clear();
    }

    /**
     * A new client over {@code config}'s servers, returned once every one of them answers {@code version}
     * and the client reports a live connection to each ({@link ClientUnderTest#connected()}); fails the
     * rule if that takes longer than {@link TestkitSettings#recoveryTimeout()}. Every configured server
     * must be running.
     */
    final ClientUnderTest client(ClientConfig config) {
        return client(factory(), config);
    }

    /** {@link #client(ClientConfig)} from another factory (a kit's comparison client); closed like the others. */
    final ClientUnderTest client(ClientFactory f, ClientConfig config) {
        ClientUnderTest c = call("create a client for " + config.addresses(), () -> f.create(config));
        clients.add(c);
        awaitConnected(c, config.addresses());
        return c;
    }

    /**
     * Waits (bounded) until each of {@code addresses} answers {@code version} through the testkit's own probe
     * and the client says it is connected to all of them, so that the first operations of a rule are
     * routed by the client's full server list rather than by whichever connections happened to be up.
     */
    final void awaitConnected(ClientUnderTest client, List<String> addresses) {
        long deadline = System.nanoTime() + TestkitSettings.recoveryTimeout().toNanos();
        String waiting;
        while (true) {
            waiting = null;
            for (String a : addresses) {
                try {
                    cluster().server(a).version();
                } catch (RuntimeException notAnswering) {
                    waiting = a + " does not answer 'version' (" + cluster().server(a) + "): " + notAnswering.getMessage();
                    break;
                }
            }
            if (waiting == null) {
                if (call("connected() of " + factory().name(), client::connected)) {
                    return;
                }
                waiting = factory().name() + " reports no live connection to some of " + addresses;
            }
            if (System.nanoTime() > deadline) {
                fail("a new client was not ready within %d ms (hashring.testkit.recoveryTimeoutMs): %s",
                        TestkitSettings.recoveryTimeout().toMillis(), waiting);
            }
            pause(10);
        }
    }

    final void requireCapability(Capability c) {
        Assumptions.assumeTrue(capabilities().has(c), () -> factory().name() + " does not declare " + c);
    }

    /** Runs a client call; fails the rule if it does not return within the hang timeout. */
    final <T> T call(String what, Callable<T> action) {
        Future<T> f = calls.submit(action);
        try {
            return f.get(TestkitSettings.hangTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return fail("%s did not return within %d ms (hashring.testkit.hangTimeoutMs): the client hangs", what,
                    TestkitSettings.hangTimeout().toMillis());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(what + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + what, e);
        }
    }

    /** The outcome of one client call: a value or an error (never a hang: that fails the rule). */
    record Result(Object value, Throwable error) {
        boolean hit(String expected) {
            return error == null && expected.equals(value);
        }

        @Override
        public String toString() {
            return error != null ? "error " + error.getClass().getSimpleName() + ": " + error.getMessage()
                    : value == null ? "miss" : "value '" + value + "'";
        }
    }

    final Result attempt(Callable<?> action) {
        try {
            return new Result(call("client call", action), null);
        } catch (AssertionError hang) {
            throw hang;
        } catch (RuntimeException e) {
            return new Result(null, e);
        }
    }

    /** The value the kits store for a key. */
    static String value(String key) {
        return "v:" + key;
    }

    /** The value written for a key in a later round (so the round's copy can be told from older copies). */
    static String value(String key, String round) {
        return "v:" + key + "@" + round.replace(' ', '_');
    }

    /**
     * For each key, the address of the server holding the value written in {@code round} ({@code ""}
     * if none, {@code a+b} if several): where that write really went, whatever older copies remain.
     */
    final Map<String, String> locate(List<String> keys, String round) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        keys.forEach(k -> found.put(k, new ArrayList<>()));
        for (MemcachedServer s : cluster().servers()) {
            if (s.state() == MemcachedServer.State.RUNNING) {
                s.getMulti(keys).forEach((k, v) -> {
                    if (v.equals(value(k, round))) {
                        found.get(k).add(s.address());
                    }
                });
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        found.forEach((k, list) -> out.put(k, String.join("+", list)));
        return out;
    }

    /** Writes every key; each set must succeed. */
    final void writeAll(ClientUnderTest client, List<String> keys) {
        for (String k : keys) {
            Result r = attempt(() -> client.set(k, value(k)));
            if (r.error() != null || !Boolean.TRUE.equals(r.value())) {
                fail("set %s through %s on healthy servers: %s", k, factory().name(), r);
            }
        }
    }

    /**
     * After a fault, waits until the client reports that it lost a connection ({@code connected()}
     * turns false), so the writes that follow are routed by the client's settled view of the
     * cluster rather than by whatever path it takes in the moment between the socket closing and
     * its locator being rebuilt (xmemcached rehashes in that window). Bounded by
     * {@link TestkitSettings#noticeTimeout()}; a client that cannot tell (the default
     * {@code connected()} is always true) is used as it is once the bound passes.
     */
    final void awaitFaultNoticed(ClientUnderTest client) {
        long deadline = System.nanoTime() + TestkitSettings.noticeTimeout().toNanos();
        while (call("connected() of " + factory().name(), client::connected)) {
            if (System.nanoTime() > deadline) {
                return;
            }
            pause(10);
        }
    }

    /** Writes every key, retrying failed sets until the recovery timeout (the client may still be noticing a fault). */
    final void writeEventually(ClientUnderTest client, List<String> keys, String round) {
        List<String> pending = new ArrayList<>(keys);
        long deadline = System.nanoTime() + TestkitSettings.recoveryTimeout().toNanos();
        Result last = null;
        while (!pending.isEmpty()) {
            List<String> still = new ArrayList<>();
            for (String k : pending) {
                Result r = attempt(() -> client.set(k, value(k, round)));
                if (r.error() != null || !Boolean.TRUE.equals(r.value())) {
                    still.add(k);
                    last = r;
                }
            }
            pending = still;
            if (!pending.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    fail("%d writes (%s) still failed after %d ms (hashring.testkit.recoveryTimeoutMs), last: %s",
                            pending.size(), round, TestkitSettings.recoveryTimeout().toMillis(), last);
                }
                pause(100);
            }
        }
    }

    /** For each key, the address of the server holding it ({@code ""} if none, {@code a+b} if several). */
    final Map<String, String> holders(List<String> keys) {
        Map<String, String> out = new LinkedHashMap<>();
        cluster().holders(keys).forEach((k, servers) -> out.put(k,
                String.join("+", servers.stream().map(MemcachedServer::address).toList())));
        return out;
    }

    /** Fraction of {@code keys} held by each address. */
    final Map<String, Double> shares(List<String> keys, List<String> addresses) {
        Map<String, Double> out = new LinkedHashMap<>();
        addresses.forEach(a -> out.put(a, 0.0));
        holders(keys).values().forEach(a -> out.computeIfPresent(a, (x, v) -> v + 1.0 / keys.size()));
        return out;
    }

    /** Waits (bounded) until the client stores probe keys on each of these servers. */
    final void awaitRoutedTo(ClientUnderTest client, List<String> addresses) {
        List<String> probes = TestKeys.random("probe", 400, 7);
        long deadline = System.nanoTime() + TestkitSettings.recoveryTimeout().toNanos();
        while (true) {
            for (String p : probes) {
                attempt(() -> client.set(p, "probe"));
            }
            Map<String, String> where = holders(probes);
            List<String> missing = addresses.stream().filter(a -> !where.containsValue(a)).toList();
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("the client routed none of %d probe keys to %s within %d ms (hashring.testkit.recoveryTimeoutMs)",
                        probes.size(), missing, TestkitSettings.recoveryTimeout().toMillis());
            }
            pause(200);
        }
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
