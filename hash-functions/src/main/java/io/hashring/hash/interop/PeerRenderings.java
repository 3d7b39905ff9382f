package io.hashring.hash.interop;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * How each peer renders a configured server into the identity string its points are derived from.
 *
 * <p>hashring itself never resolves names. The Java peers do: spymemcached and xmemcached build an
 * {@link InetSocketAddress} from the configured host, which resolves a hostname (forward DNS) when
 * the client starts; the renderings that need the resolved address ({@link #socketAddress},
 * {@link #hostAddress}) do the same lookup, once, when the router is built. An IP literal is
 * parsed, never looked up. Renderings built on {@code getHostName()} would do a <em>reverse</em>
 * lookup for an IP literal in the peer; here they use the configured text, which is what the peer
 * gets when the address has no PTR record (or its PTR record is that text). Documented per mode.
 */
final class PeerRenderings {

    private PeerRenderings() {
    }

    /**
     * {@code String.valueOf(new InetSocketAddress(host, port))} on JDK 14+: {@code /10.0.1.1:11211}
     * for an IP literal, {@code host/10.0.1.1:11211} for a resolvable name,
     * {@code host/<unresolved>:11211} otherwise, {@code /[0:0:0:0:0:0:0:1]:11211} for IPv6.
     */
    static String socketAddress(Server s) {
        return String.valueOf(new InetSocketAddress(s.host(), s.port()));
    }

    /** {@link #socketAddress} without its leading {@code /} (spymemcached's SPYMEMCACHED key format). */
    static String socketAddressNoSlash(Server s) {
        String a = socketAddress(s);
        return a.startsWith("/") ? a.substring(1) : a;
    }

    /** {@code getAddress().getHostAddress()}: the numeric address (resolving a hostname). */
    static String hostAddress(Server s) {
        try {
            return InetAddress.getByName(s.host()).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("server host '" + s.host() + "' does not resolve, and the peer needs its address", e);
        }
    }

    /** The configured host, plus {@code :port} unless the port is 11211 (libmemcached's point key base). */
    static String hostDropDefaultPort(Server s) {
        return s.port() == 11211 ? s.host() : s.host() + ":" + s.port();
    }

    /** {@code host:port} with the host as configured, IPv6 without brackets (what C peers print with "%s:%d"). */
    static String hostColonPort(Server s) {
        return s.host() + ":" + s.port();
    }
}
