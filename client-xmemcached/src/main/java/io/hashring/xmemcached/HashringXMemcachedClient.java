package io.hashring.xmemcached;

import com.google.code.yanf4j.config.Configuration;
import com.google.code.yanf4j.core.SocketOption;
import io.hashring.core.EjectionState;
import io.hashring.core.Router;
import io.hashring.hash.interop.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import net.rubyeye.xmemcached.CommandFactory;
import net.rubyeye.xmemcached.MemcachedClientStateListener;
import net.rubyeye.xmemcached.MemcachedSessionComparator;
import net.rubyeye.xmemcached.XMemcachedClient;
import net.rubyeye.xmemcached.auth.AuthInfo;
import net.rubyeye.xmemcached.buffer.BufferAllocator;
import net.rubyeye.xmemcached.transcoders.Transcoder;
import net.rubyeye.xmemcached.utils.InetSocketAddressWrapper;

/**
 * xmemcached's own {@link XMemcachedClient}, routed by a {@link HashringSessionLocator}. Its
 * {@code addServer}, {@code removeServer} and {@code setServerWeight} keep working and keep the
 * ring in step: an added server joins the ring (weight as given), a removed one leaves it, a new
 * weight re-places keys. Build one with {@link HashringXmemcached#builder()}.
 */
public class HashringXMemcachedClient extends XMemcachedClient {

    /** Called by {@link HashringXmemcached.Builder}; the arguments are those of xmemcached's own builder. */
    @SuppressWarnings({"rawtypes", "deprecation"}) // xmemcached's own constructor takes the deprecated BufferAllocator
    protected HashringXMemcachedClient(HashringSessionLocator locator, MemcachedSessionComparator comparator,
                                       BufferAllocator allocator, Configuration conf, Map<SocketOption, Object> socketOptions,
                                       CommandFactory commandFactory, Transcoder transcoder,
                                       Map<InetSocketAddress, InetSocketAddress> addressMap,
                                       List<MemcachedClientStateListener> stateListeners, Map<InetSocketAddress, AuthInfo> authInfo,
                                       int poolSize, long connectTimeout, String name, boolean failureMode,
                                       boolean resolveInetAddresses) throws IOException {
        super(locator, comparator, allocator, conf, socketOptions, commandFactory, transcoder, addressMap, stateListeners,
                authInfo, poolSize, connectTimeout, name, failureMode, resolveInetAddresses);
    }

    /** The locator (runs during the super constructor too, so it reads the inherited field). */
    public HashringSessionLocator hashringLocator() {
        return (HashringSessionLocator) sessionLocator;
    }

    /** Every main server connection goes through here (initial servers and {@code addServer}): bind it to the ring first. */
    @Override
    protected void connect(InetSocketAddressWrapper wrapper) throws IOException {
        if (wrapper.getMainNodeAddress() == null) {
            int weight = hashringLocator().bind(wrapper.getResolvedSocketAddress(), Math.max(1, wrapper.getWeight()));
            wrapper.setWeight(weight);
        }
        super.connect(wrapper);
    }

    /** Leaves the ring first (its keys move to their next server), then xmemcached closes the sessions. */
    @Override
    public void removeServer(InetSocketAddress address) {
        hashringLocator().unbind(address);
        super.removeServer(address);
    }

    /**
     * Adds a server with its configured identity ({@code host:port} as written, or its name) and
     * weight. Prefer it to xmemcached's {@code addServer(host, port, weight)}, whose servers are
     * named by numeric IP.
     */
    public void addServer(Server server) throws IOException {
        InetSocketAddress address = new InetSocketAddress(server.host(), server.port());
        hashringLocator().register(server, address);
        addServer(address, server.weight());
    }

    /** The configured servers, in configuration order. */
    public List<Server> servers() {
        return hashringLocator().servers();
    }

    /** The current routing snapshot (which server owns a key, without health). */
    public Router<Server> router() {
        return hashringLocator().router();
    }

    /** Server {@code id}'s health under the ejection policy. */
    public EjectionState health(String id) {
        return hashringLocator().health(id);
    }
}
