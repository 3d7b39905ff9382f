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
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c <= ' ' || c == 0x7f || Character.isISOControl(c) || Character.isWhitespace(c)) {
                throw new IllegalArgumentException("server host '" + printable(host) + "' contains "
                        + String.format(java.util.Locale.ROOT, "U+%04X", (int) c) + " (control characters and whitespace are not allowed)");
            }
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
        if (name != null) {
            for (int i = 0; i < name.length(); i++) {
                if (Character.isISOControl(name.charAt(i))) {
                    throw new IllegalArgumentException("name of server " + host + ":" + port + " contains "
                            + String.format(java.util.Locale.ROOT, "U+%04X", (int) name.charAt(i)) + " (control characters are not allowed)");
                }
            }
        }
    }

    /** {@code text} with control characters shown as {@code <U+XXXX>}, for messages that must stay on one line. */
    private static String printable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                b.append(String.format(java.util.Locale.ROOT, "<U+%04X>", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** A server with weight 1 and no name. */
    public static Server of(String host, int port) {
        return new Server(host, port, 1, null);
    }

    /**
     * Parses {@code HOST:PORT[:WEIGHT[:NAME]]}; IPv6 hosts in brackets. An unbracketed IPv6 address
     * ({@code 2001:db8::1:11211}) is rejected with a message saying to bracket it: it cannot be told
     * apart from host, port, weight and name. Port and weight are ASCII digits only; hosts and names
     * with control characters (tab, newline, ...) are rejected.
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
            int last = s.lastIndexOf(':');
            if (colon >= 0 && colon != last && (isIpv6(s) || isIpv6(s.substring(0, last)))) {
                throw new IllegalArgumentException("malformed server spec '" + spec + "': an IPv6 host must be in brackets,"
                        + " e.g. [" + (isIpv6(s) ? s : s.substring(0, last)) + "]:" + (isIpv6(s) ? "11211" : s.substring(last + 1)));
            }
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

    /** Whether {@code text} is an IPv6 address in colon-hex form (8 groups, or fewer with one "::"). */
    private static boolean isIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap < 0) {
            return hexGroups(text) == 8;
        }
        if (text.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        int left = hexGroups(text.substring(0, gap));
        int right = hexGroups(text.substring(gap + 2));
        return left >= 0 && right >= 0 && left + right <= 7;
    }

    /** The number of ':'-separated groups of 1-4 ASCII hex digits in {@code text} (0 if empty), or -1. */
    private static int hexGroups(String text) {
        if (text.isEmpty()) {
            return 0;
        }
        int groups = 0;
        for (String g : text.split(":", -1)) {
            if (g.isEmpty() || g.length() > 4) {
                return -1;
            }
            for (int j = 0; j < g.length(); j++) {
                char c = g.charAt(j);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                    return -1;
                }
            }
            groups++;
        }
        return groups;
    }

    private static int parseInt(String spec, String what, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && !(i == 0 && c == '-' && text.length() > 1)) {
                throw new IllegalArgumentException("malformed server spec '" + printable(spec) + "': " + what + " '" + printable(text)
                        + "' is not a number (ASCII digits 0-9)");
            }
        }
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
