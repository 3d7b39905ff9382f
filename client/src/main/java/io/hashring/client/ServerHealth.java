package io.hashring.client;

import io.hashring.core.UnknownNodeException;
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

    /** Health under {@code policy}. */
    public ServerHealth(EjectionPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The policy every state follows. */
    public EjectionPolicy policy() {
        return policy;
    }

    /** Server {@code id}'s state, created healthy on first use. */
    public EjectionState stateOf(String id) {
        return states.computeIfAbsent(Objects.requireNonNull(id, "id"), k -> policy.newState());
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
