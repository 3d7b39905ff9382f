package io.hashring.hash.interop;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How each peer renders a configured server into the identity string its points are derived from.
 *
 * <p>hashring itself never resolves names. The Java peers do: spymemcached and xmemcached build an
 * {@link InetSocketAddress} from the configured host, which resolves a hostname (forward DNS) when
 * the client starts; the renderings that need the resolved address ({@link #socketAddress},
 * {@link #hostAddress}) do the same lookup, once, when the router is built. Renderings built on
 * {@code getHostName()} do a <em>reverse</em> lookup for an IP literal in the peer. xmemcached does
 * it for every server under its default {@code resolveInetAddresses=true}, and every xmemcached
 * rendering but the numeric nginx one inherits the name, so {@link #xmemcachedHostName} and
 * {@link #xmemcachedSocketAddress} do that lookup too (found by comparing with real xmemcached
 * sessions on 127.0.0.1, which xmemcached renders {@code localhost/127.0.0.1:port}). spymemcached's
 * LIBMEMCACHED format calls {@code getHostName()} on the node address, the same reverse lookup
 * ({@link #spymemcachedHostName}). Documented per mode.
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

    /**
     * The host name xmemcached 2.4.8 keeps for a server under its default
     * {@code resolveInetAddresses=true}: {@code InetSocketAddressWrapper.setInetSocketAddress} stores
     * {@code new InetSocketAddress(host, port).getHostName()}, and {@code getInetSocketAddress()}
     * connects to {@code new InetSocketAddress(thatName, port)}. For a configured name that is the name;
     * for an IP literal {@code getHostName()} is a reverse lookup: the JDK's forward-confirmed PTR name
     * ({@code localhost} for 127.0.0.1 with a usual /etc/hosts), else the literal itself. The session's
     * remote address keeps that name, so it reaches ketama's {@code remoteAddressStr}, election's
     * {@code getRemoteSocketAddress().toString()}, the libmemcached locator's and gwhalin mode's
     * {@code getHostName()}.
     *
     * <p>The JDK does not cache reverse lookups, and one can stall for the resolver's timeout
     * (5 s measured here), so the name is looked up once per host text per JVM and remembered
     * (xmemcached, too, keeps it for the life of the client). Thread-safe; the memo holds at most
     * {@value #MAX_REMEMBERED_NAMES} hosts, beyond which each call looks up again.
     */
    static String xmemcachedHostName(Server s) {
        String name = REVERSE_NAMES.get(s.host());
        if (name == null) {
            name = new InetSocketAddress(s.host(), s.port()).getHostName();
            if (REVERSE_NAMES.size() < MAX_REMEMBERED_NAMES) {
                REVERSE_NAMES.putIfAbsent(s.host(), name);
            }
        }
        return name;
    }

    /**
     * The host spymemcached 2.12.3's LIBMEMCACHED key format uses ({@code KetamaNodeKeyFormatter}:
     * {@code node.getSocketAddress().getHostName()}). spymemcached's {@code AddrUtil} builds
     * {@code new InetSocketAddress(host, port)}, so this is the same lookup as
     * {@link #xmemcachedHostName}: a configured name stays as written, an IP literal gets the JDK's
     * reverse name ({@code localhost} for 127.0.0.1 with a usual /etc/hosts), else the literal. Shares
     * its per-host memo (looked up once per host text per JVM, at most {@value #MAX_REMEMBERED_NAMES}
     * hosts remembered). Verified in-process against spymemcached's own {@code KetamaNodeLocator}
     * over IP-literal addresses.
     */
    static String spymemcachedHostName(Server s) {
        return xmemcachedHostName(s);
    }

    static final int MAX_REMEMBERED_NAMES = 4096;

    /** Whether {@link #xmemcachedHostName} has the name of this host text already. */
    static boolean isRemembered(String host) {
        return REVERSE_NAMES.containsKey(host);
    }

    /** Host text as configured to {@link #xmemcachedHostName}'s answer. */
    private static final Map<String, String> REVERSE_NAMES = new ConcurrentHashMap<>();

    /**
     * {@code String.valueOf(session.getRemoteSocketAddress())} of a real xmemcached 2.4.8 session: the
     * address {@code new InetSocketAddress(}{@link #xmemcachedHostName}{@code , port)}, so
     * {@code localhost/127.0.0.1:11211} for 127.0.0.1, {@code /10.0.1.1:11211} for a literal with no
     * PTR name, {@code host/10.0.1.1:11211} for a configured name.
     */
    static String xmemcachedSocketAddress(Server s) {
        return String.valueOf(new InetSocketAddress(xmemcachedHostName(s), s.port()));
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
