package io.hashring.client;

import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import java.io.IOException;
import java.util.List;

/**
 * A hashring client's servers and their runtime changes, the same in both adapters
 * ({@code HashringMemcachedClient.topology()}, {@code HashringXMemcachedClient.topology()}), so
 * tools, tests and membership sources drive either the same way.
 *
 * <p>Changes are all-or-nothing: each one validates first (unknown or duplicate id, a weight or a
 * topology the placement rejects) and either applies completely or throws and leaves the client
 * routing exactly as before.
 */
public interface ClientTopology {

    /** The configured servers, in configuration order. */
    List<Server> servers();

    /** The current routing snapshot: which server a key belongs to, health ignored. */
    Router<Server> router();

    /**
     * Server {@code id}'s health under the ejection policy.
     *
     * @throws io.hashring.core.UnknownNodeException if no server has this id
     */
    EjectionState health(String id);

    /**
     * Adds a server: connects, then routes its share of keys to it.
     *
     * @throws IllegalArgumentException if a server with its id is already configured or the
     *                                  placement rejects the new topology
     * @throws IOException              if the client cannot open a connection for it
     */
    void add(Server server) throws IOException;

    /**
     * Removes server {@code id} ({@code host:port} as configured, or its name): its keys go to
     * their next server, then it is disconnected.
     *
     * @throws io.hashring.core.UnknownNodeException if no server has this id
     */
    void remove(String id);

    /**
     * Changes server {@code id}'s weight; keys move as the placement says.
     *
     * @throws io.hashring.core.UnknownNodeException if no server has this id
     * @throws IllegalArgumentException               if the weight is not positive or the placement rejects it
     */
    void reweight(String id, int weight);

    /**
     * Changes to a whole new server list in one step: validates everything first (ids unique,
     * hosts resolvable, addresses distinct, weights and topology accepted by the placement; on
     * error it throws and nothing changes), opens connections to added servers and to servers whose
     * id stays but whose host or port changed, waits for them at most
     * {@link TopologyChange#CONNECT_WAIT} (then applies anyway, names them in
     * {@link TopologyChange#notConnected()} and logs a warning), then publishes the new list as ONE
     * routing snapshot: warm migration and the failure policy apply to it as to {@link #add} and
     * {@link #remove}. Removed servers are disconnected as {@link #remove} does (after the warm-up
     * window when warm migration is on); the old connection of a re-addressed server is closed
     * right away (its keys do not move). Serialised with the other changes.
     *
     * @return what changed
     * @throws IllegalArgumentException if the list is empty or invalid (naming the reason)
     * @throws IOException              if the client cannot open a connection for a new server
     */
    TopologyChange replace(List<Server> servers) throws IOException;
}
