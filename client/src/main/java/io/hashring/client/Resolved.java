package io.hashring.client;

import io.hashring.hash.interop.Server;
import java.net.InetSocketAddress;

/** Socket addresses of configured servers, resolved once, with an error that names the server. */
public final class Resolved {

    private Resolved() {
    }

    /**
     * The server's socket address, resolved now (one DNS lookup for a host name).
     *
     * @throws IllegalArgumentException naming the server if its host cannot be resolved
     */
    public static InetSocketAddress address(Server server) {
        InetSocketAddress a = new InetSocketAddress(server.host(), server.port());
        if (a.isUnresolved()) {
            throw new IllegalArgumentException("cannot resolve host '" + server.host() + "' of server '" + server.id() + "'");
        }
        return a;
    }
}
