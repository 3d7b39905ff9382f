package io.hashring.client;

import io.hashring.core.UnknownNodeException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The health of every configured server, by server id, under one {@link EjectionPolicy}. Shared by
 * all routing snapshots of one client, so a server keeps its state across topology changes (and
 * a spymemcached read-only locator copy sees the same state). Thread-safe.
 */
public final class ServerHealth {

    private final EjectionPolicy policy;
    private final Map<String, EjectionState> states = new ConcurrentHashMap<>();
    private final List<HealthListener> listeners;

    /** Health under {@code policy}, with no listeners. */
    public ServerHealth(EjectionPolicy policy) {
        this(policy, List.of());
    }

    /** Health under {@code policy}; every state reports its events to {@code listeners}. */
    public ServerHealth(EjectionPolicy policy, List<HealthListener> listeners) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.listeners = List.copyOf(listeners);
    }

    /** The listeners every state reports to. */
    public List<HealthListener> listeners() {
        return listeners;
    }

    /** A copy of the states by server id (for reports). */
    public Map<String, EjectionState> states() {
        return Map.copyOf(states);
    }

    /** The policy every state follows. */
    public EjectionPolicy policy() {
        return policy;
    }

    /** Server {@code id}'s state, created healthy on first use. */
    public EjectionState stateOf(String id) {
        return states.computeIfAbsent(Objects.requireNonNull(id, "id"), k -> {
            EjectionState st = policy.newState();
            st.bind(k, listeners);
            return st;
        });
    }

    /**
     * Server {@code id}'s state.
     *
     * @throws UnknownNodeException if no state exists for {@code id}
     */
    public EjectionState get(String id) {
        EjectionState st = states.get(id);
        if (st == null) {
            throw new UnknownNodeException(id, states.keySet());
        }
        return st;
    }

    /** Drops server {@code id}'s state (after the server was removed). */
    public void forget(String id) {
        states.remove(id);
    }

    @Override
    public String toString() {
        return "ServerHealth{" + policy + ", " + states + "}";
    }
}
