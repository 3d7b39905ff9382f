package io.hashring.spymemcached;

import io.hashring.client.ClientTopology;
import io.hashring.client.HashringClient;
import io.hashring.client.EjectionState;
import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.BulkFuture;
import net.spy.memcached.transcoders.Transcoder;

/**
 * spymemcached's own {@link MemcachedClient}, routed by hashring, plus runtime topology changes
 * (which spymemcached itself lacks). Everything else is spymemcached's behaviour. Build one with
 * {@link HashringSpymemcached#builder()}.
 *
 * <p>Keys are checked as memcached's text protocol requires ({@link io.hashring.client.MemcachedKeys})
 * before anything is sent, also in bulk gets: a forbidden key fails the whole call with an
 * {@code IllegalArgumentException} and no server sees any of its keys.
 *
 * <p>Thread-safe, like {@code MemcachedClient}; topology changes are serialised.
 */
public class HashringMemcachedClient extends MemcachedClient implements HashringClient {

    private final HashringConnectionFactory factory;
    private final ClientTopology topology = new ClientTopology() {
        @Override
        public List<Server> servers() {
            return HashringMemcachedClient.this.servers();
        }

        @Override
        public Router<Server> router() {
            return HashringMemcachedClient.this.router();
        }

        @Override
        public EjectionState health(String id) {
            return HashringMemcachedClient.this.health(id);
        }

        @Override
        public void add(Server server) throws IOException {
            addServer(server);
        }

        @Override
        public void remove(String id) {
            removeServer(id);
        }

        @Override
        public void reweight(String id, int weight) {
            setServerWeight(id, weight);
        }
    };

    protected HashringMemcachedClient(HashringConnectionFactory factory) throws IOException {
        super(factory, factory.addresses());
        this.factory = factory;
    }

    /**
     * spymemcached's bulk get (every {@code getBulk}/{@code asyncGetBulk} variant ends here), with each
     * key checked before any is sent ({@link HashringConnection#checkKey}). The keys are checked as
     * spymemcached's loop reads them; its operations are only queued after the loop, so a bad key
     * means nothing was sent.
     */
    @Override
    public <T> BulkFuture<Map<String, T>> asyncGetBulk(Iterator<String> keyIter, Iterator<Transcoder<T>> tcIter) {
        HashringConnection c = connection();
        return super.asyncGetBulk(new Iterator<String>() {
            @Override
            public boolean hasNext() {
                return keyIter.hasNext();
            }

            @Override
            public String next() {
                return c.checkKey(keyIter.next());
            }
        }, tcIter);
    }

    private HashringConnection connection() {
        return (HashringConnection) mconn;
    }

    /**
     * Adds a server given as {@code HOST:PORT[:WEIGHT[:NAME]]}: connects, then routes its share of
     * keys to it.
     *
     * @throws IllegalArgumentException for a malformed spec or a server already configured
     */
    public void addServer(String spec) throws IOException {
        addServer(Server.parse(spec));
    }

    /** Adds a server; see {@link #addServer(String)}. Validates before it connects: a rejected server opens no socket. */
    public void addServer(Server server) throws IOException {
        connection().addServer(server);
    }

    /**
     * Removes server {@code id} ({@code host:port} as configured, or its name): routes its keys to
     * their next node, lets its in-flight operations finish (at most the operation timeout), then
     * disconnects. See {@link HashringConnection#removeServer}.
     *
     * @throws io.hashring.core.UnknownNodeException if no server has this id
     */
    public void removeServer(String id) {
        connection().removeServer(id);
    }

    /** Changes server {@code id}'s weight; keys move according to the placement. */
    public void setServerWeight(String id, int weight) {
        connection().hashringLocator().reweight(id, weight);
    }

    /** The configured servers, in configuration order. */
    public List<Server> servers() {
        return connection().hashringLocator().servers();
    }

    /** The current routing snapshot: which server a key belongs to, without ejection. */
    public Router<Server> router() {
        return connection().hashringLocator().router();
    }

    /** Server {@code id}'s health under the ejection policy. */
    public EjectionState health(String id) {
        return connection().hashringLocator().health(id);
    }

    /** The servers and runtime changes, as {@link ClientTopology} (the same calls as this client's). */
    @Override
    public ClientTopology topology() {
        return topology;
    }

    /** The locator in use (the live one, not a read-only copy). */
    public HashringNodeLocator locator() {
        return connection().hashringLocator();
    }

    /** The connection factory this client was built with. */
    public HashringConnectionFactory connectionFactory() {
        return factory;
    }
}
