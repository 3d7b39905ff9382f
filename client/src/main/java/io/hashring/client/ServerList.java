package io.hashring.client;

import io.hashring.hash.interop.Server;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Collects a client's configured servers and their weights, the way both adapters' builders take
 * them: server specs ({@code HOST:PORT[:WEIGHT[:NAME]]}, comma- or whitespace-separated), then
 * optionally weights by position or by id. {@link #resolve()} applies the weights and checks the
 * whole list. Mutable and not thread-safe: a builder's part.
 */
public final class ServerList {

    private final List<Server> servers = new ArrayList<>();
    private int[] weights;
    private Map<String, Integer> weightsById;

    /** An empty list. */
    public ServerList() {
    }

    /**
     * Adds servers {@code HOST:PORT[:WEIGHT[:NAME]]}, separated by commas or whitespace, in
     * configuration order.
     *
     * @throws IllegalArgumentException naming a malformed server
     */
    public ServerList add(String list) {
        Objects.requireNonNull(list, "servers");
        for (String spec : list.trim().split("[,\\s]+")) {
            if (!spec.isEmpty()) {
                servers.add(Server.parse(spec));
            }
        }
        return this;
    }

    /** Adds servers, in configuration order. */
    public ServerList add(List<Server> list) {
        Objects.requireNonNull(list, "servers").forEach(s -> servers.add(Objects.requireNonNull(s, "server")));
        return this;
    }

    /**
     * Weights for the servers, in configuration order; they override weights given in the specs.
     *
     * @throws IllegalArgumentException for a weight below 1
     */
    public ServerList weights(int... byPosition) {
        Objects.requireNonNull(byPosition, "weights");
        for (int w : byPosition) {
            if (w <= 0) {
                throw new IllegalArgumentException("weights must be positive, got " + w);
            }
        }
        this.weights = byPosition.clone();
        return this;
    }

    /** Weights by server id ({@code host:port} as configured, or the name); other servers keep theirs. */
    public ServerList weights(Map<String, Integer> byId) {
        Objects.requireNonNull(byId, "weights");
        byId.forEach((id, w) -> {
            if (w == null || w <= 0) {
                throw new IllegalArgumentException("weight of server '" + id + "' must be positive, got " + w);
            }
        });
        this.weightsById = new LinkedHashMap<>(byId);
        return this;
    }

    /**
     * The servers with weights applied, in configuration order.
     *
     * @throws IllegalStateException if there are no servers, the weights do not match the servers,
     *                               or a server id is configured twice
     */
    public List<Server> resolve() {
        if (servers.isEmpty()) {
            throw new IllegalStateException("no servers configured; call servers(\"host:port,...\")");
        }
        if (weights != null && weights.length != servers.size()) {
            throw new IllegalStateException(weights.length + " weights for " + servers.size() + " servers " + servers);
        }
        List<Server> out = new ArrayList<>(servers.size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < servers.size(); i++) {
            Server s = servers.get(i);
            int w = weights != null ? weights[i] : s.weight();
            if (weightsById != null && weightsById.containsKey(s.id())) {
                w = weightsById.get(s.id());
            }
            Server weighted = new Server(s.host(), s.port(), w, s.name());
            if (!ids.add(weighted.id())) {
                throw new IllegalStateException("server '" + weighted.id() + "' is configured twice");
            }
            out.add(weighted);
        }
        if (weightsById != null) {
            for (String id : weightsById.keySet()) {
                if (!ids.contains(id)) {
                    throw new IllegalStateException("weight given for unknown server '" + id + "'; servers: " + ids);
                }
            }
        }
        return out;
    }
}
