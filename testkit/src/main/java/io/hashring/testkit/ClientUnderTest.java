package io.hashring.testkit;

import java.util.Collection;
import java.util.Map;

/**
 * A memcached client as the kits drive it: one instance per {@link ClientFactory#create} call,
 * configured for a fixed server list. Values are strings (the kits only store short ASCII text).
 *
 * <p>Contract, in the words the rules use:
 * <ul>
 *   <li>A failed operation (timeout, connection error, rejected key) <b>throws</b> any
 *       {@link RuntimeException}; it never returns a made-up result. Wrap checked exceptions.</li>
 *   <li>A miss is {@code null} from {@link #get} (absent from {@link #getMulti}'s map).</li>
 *   <li>Every call returns within about the configured {@link ClientConfig#opTimeout()}; the
 *       kits report a call that takes far longer as a hang.</li>
 *   <li>Calls may come from several threads at once (the load kit uses four).</li>
 * </ul>
 */
public interface ClientUnderTest extends AutoCloseable {

    /** Stores {@code key} (no expiry); whether the server stored it. */
    boolean set(String key, String value);

    /** The value, or null on a miss. */
    String get(String key);

    /** Deletes {@code key}; whether it existed. */
    boolean delete(String key);

    /** The values of the keys that hit. */
    Map<String, String> getMulti(Collection<String> keys);

    /**
     * Adds a server to the live client (declare {@link Capability#RUNTIME_ADD_SERVER}). Returns
     * once the client will route keys to it, or as soon as possible after.
     */
    default void addServer(ServerSpec server) {
        throw new UnsupportedOperationException("this client cannot add servers at runtime");
    }

    /** Removes a server from the live client (declare {@link Capability#RUNTIME_REMOVE_SERVER}). */
    default void removeServer(String address) {
        throw new UnsupportedOperationException("this client cannot remove servers at runtime");
    }

    /**
     * Whether the client has a live connection to every server it was created with. The kits poll
     * this (bounded by {@link TestkitSettings#recoveryTimeout()}) after creating a client and before
     * its first operation, so no rule measures a client that is still connecting: clients such as
     * spymemcached connect asynchronously after construction and, with {@code FailureMode.Redistribute},
     * send a key whose server is not connected yet to another server. Must be cheap and must not block.
     *
     * <p>After killing a server, R2.5 also polls this (bounded by {@code hashring.testkit.noticeTimeoutMs})
     * until it turns false, so its writes see the client's settled view of the cluster.
     *
     * <p>The default answers {@code true}: a client that connects on demand, or cannot tell, is used
     * at once. Answer from the client's own view (its open sessions or active nodes), not from a probe.
     */
    default boolean connected() {
        return true;
    }

    /** Closes connections and threads; called once, also after a failed rule. Must not throw. */
    @Override
    void close();
}
