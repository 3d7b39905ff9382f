package io.hashring.hash.interop;

import java.util.Objects;

/**
 * A server as the user configured it: host and port exactly as written (no DNS), a weight, and an
 * optional name (twemproxy's server names). Parsed from {@code HOST:PORT[:WEIGHT[:NAME]]}, IPv6
 * hosts in brackets ({@code [::1]:11211:2}).
 *
 * @param host   the host as written (IPv6 without brackets)
 * @param port   1..65535
 * @param weight at least 1
 * @param name   an explicit name, or null
 */
public record Server(String host, int port, int weight, String name) {

    public Server {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("server host is blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("server port must be 1..65535, was " + port + " for host " + host);
        }
        if (weight <= 0) {
            throw new IllegalArgumentException("weight of server " + host + ":" + port + " must be positive, was " + weight);
        }
        if (name != null && name.isBlank()) {
            throw new IllegalArgumentException("name of server " + host + ":" + port + " is blank");
        }
    }

    /** A server with weight 1 and no name. */
    public static Server of(String host, int port) {
        return new Server(host, port, 1, null);
    }

    /**
     * Parses {@code HOST:PORT[:WEIGHT[:NAME]]}; IPv6 hosts in brackets.
     *
     * @throws IllegalArgumentException naming the malformed part
     */
    public static Server parse(String spec) {
        Objects.requireNonNull(spec, "server spec is null");
        String s = spec.trim();
        String host;
        String rest;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("malformed server spec '" + spec + "': unclosed '[' in IPv6 host");
            }
            host = s.substring(1, close);
            rest = s.substring(close + 1);
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("malformed server spec '" + spec + "': expected HOST:PORT[:WEIGHT[:NAME]]");
            }
            rest = rest.substring(1);
        } else {
            int colon = s.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("malformed server spec '" + spec + "': expected HOST:PORT[:WEIGHT[:NAME]]");
            }
            host = s.substring(0, colon);
            rest = s.substring(colon + 1);
        }
        String[] parts = rest.split(":", 3);
        int port = parseInt(spec, "port", parts[0]);
        int weight = parts.length > 1 ? parseInt(spec, "weight", parts[1]) : 1;
        String name = parts.length > 2 ? parts[2] : null;
        try {
            return new Server(host, port, weight, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed server spec '" + spec + "': " + e.getMessage(), e);
        }
    }

    private static int parseInt(String spec, String what, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed server spec '" + spec + "': " + what + " '" + text + "' is not a number", e);
        }
    }

    /**
     * The server's node identity: its explicit name, else {@link #address()} ({@code host:port}
     * exactly as configured). Never a DNS lookup or {@code InetSocketAddress.toString()}.
     */
    public String id() {
        return name != null ? name : address();
    }

    /** {@code host:port} as configured ({@code [v6]:port} for IPv6): what the CLI prints. */
    public String address() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    @Override
    public String toString() {
        return address() + (weight != 1 || name != null ? ":" + weight : "") + (name != null ? ":" + name : "");
    }
}
