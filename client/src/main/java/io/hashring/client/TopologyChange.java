package io.hashring.client;

import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What a {@link ClientTopology#replace whole-list change} did, by server id: servers added, removed,
 * reweighted, and re-addressed (same id, new host or port: reconnected, no key moves for that
 * reason), the share of keys whose owner changed, and the new connections that were not up when
 * the bounded connect wait ended (the change was applied anyway).
 *
 * <p>Both adapters compute it with {@link #between} and wait with {@link #awaitConnected}, so they
 * report and wait alike.
 *
 * @param added         servers whose id is new, in the new configuration order
 * @param removed       servers whose id is gone, as they were configured
 * @param reweighted    servers (as now configured) whose weight changed
 * @param readdressed   servers (as now configured) whose host or port changed under the same id
 * @param movedFraction share of {@value #SAMPLE} sample keys whose owner id changed (0 for none)
 * @param notConnected  ids of added or re-addressed servers without a connection when the change was applied
 */
public record TopologyChange(List<Server> added, List<Server> removed, List<Server> reweighted,
                             List<Server> readdressed, double movedFraction, List<String> notConnected) {

    /** How many sample keys {@link #movedFraction} is measured on. */
    public static final int SAMPLE = 4096;

    /** How long a replace waits for the connections of added and re-addressed servers before it applies anyway. */
    public static final Duration CONNECT_WAIT = Duration.ofSeconds(5);

    public TopologyChange {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        reweighted = List.copyOf(reweighted);
        readdressed = List.copyOf(readdressed);
        notConnected = List.copyOf(notConnected);
    }

    /** The servers that need a new connection before the change: added, then re-addressed. */
    public List<Server> toConnect() {
        List<Server> out = new ArrayList<>(added);
        out.addAll(readdressed);
        return out;
    }

    /** Whether the change changes nothing (same ids, addresses and weights). */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && reweighted.isEmpty() && readdressed.isEmpty();
    }

    /** This change with the ids that were not connected in time. */
    public TopologyChange withNotConnected(List<String> ids) {
        return new TopologyChange(added, removed, reweighted, readdressed, movedFraction, ids);
    }

    /** This change with the moved share measured between two routers. */
    public TopologyChange withMoved(Router<Server> before, Router<Server> after) {
        return new TopologyChange(added, removed, reweighted, readdressed, moved(before, after), notConnected);
    }

    /**
     * The change from {@code before} to {@code after} by server id (moved share not measured yet: 0).
     *
     * @throws IllegalArgumentException if {@code after} lists an id twice
     */
    public static TopologyChange between(List<Server> before, List<Server> after) {
        Map<String, Server> old = new HashMap<>();
        before.forEach(s -> old.put(s.id(), s));
        Map<String, Server> now = new LinkedHashMap<>();
        for (Server s : after) {
            if (now.putIfAbsent(s.id(), s) != null) {
                throw new IllegalArgumentException("server '" + s.id() + "' is configured twice");
            }
        }
        List<Server> added = new ArrayList<>();
        List<Server> reweighted = new ArrayList<>();
        List<Server> readdressed = new ArrayList<>();
        for (Server s : now.values()) {
            Server o = old.get(s.id());
            if (o == null) {
                added.add(s);
                continue;
            }
            if (o.weight() != s.weight()) {
                reweighted.add(s);
            }
            if (!o.host().equals(s.host()) || o.port() != s.port()) {
                readdressed.add(s);
            }
        }
        List<Server> removed = new ArrayList<>();
        before.forEach(s -> {
            if (!now.containsKey(s.id())) {
                removed.add(s);
            }
        });
        return new TopologyChange(added, removed, reweighted, readdressed, 0, List.of());
    }

    /** The share of {@value #SAMPLE} fixed sample keys whose owner id differs between the routers. */
    public static double moved(Router<Server> before, Router<Server> after) {
        if (before.size() == 0 || after.size() == 0) {
            return before.size() == after.size() ? 0 : 1;
        }
        int moved = 0;
        for (int i = 0; i < SAMPLE; i++) {
            String key = "hashring:moved-sample:" + i;
            if (!before.value(before.indexOf(key)).id().equals(after.value(after.indexOf(key)).id())) {
                moved++;
            }
        }
        return moved / (double) SAMPLE;
    }

    /**
     * Waits until {@code connected} accepts every server, at most {@code wait} (polling every 10 ms).
     *
     * @return the ids still not connected when the wait ended (empty if all are)
     */
    public static List<String> awaitConnected(List<Server> servers, Predicate<Server> connected, Duration wait) {
        Objects.requireNonNull(connected, "connected");
        long deadline = System.nanoTime() + wait.toNanos();
        List<Server> pending = new ArrayList<>(servers);
        while (true) {
            pending.removeIf(connected);
            if (pending.isEmpty() || System.nanoTime() - deadline >= 0) {
                break;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<String> ids = new ArrayList<>(pending.size());
        pending.forEach(s -> ids.add(s.id()));
        return ids;
    }

    /** Logs a warning when connections were not up in time; returns this. */
    public TopologyChange warnIfLate(String client) {
        if (!notConnected.isEmpty()) {
            System.getLogger("io.hashring.client").log(System.Logger.Level.WARNING,
                    client + ": applied the new server list after waiting " + CONNECT_WAIT
                            + " although these servers are not connected yet: " + notConnected);
        }
        return this;
    }
}
