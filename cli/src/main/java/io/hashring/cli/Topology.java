package io.hashring.cli;

import io.hashring.core.Ring;
import io.hashring.core.RingHolder;
import io.hashring.core.Router;
import io.hashring.hash.interop.InteropMode;
import io.hashring.hash.interop.InteropModes;
import io.hashring.hash.interop.PeerRouter;
import io.hashring.hash.interop.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A mode, an optional key hash and a server list, turned into a router: the part every command
 * that takes {@code --mode/--hash/--servers} shares. Every way the input can be wrong ends in a
 * {@link UsageError} whose one line names the bad value and the valid choices.
 *
 * @param mode    the interop mode
 * @param hash    the key hash name as the peer spells it, or null for the peer's default
 * @param servers the servers in configuration order
 * @param router  the mode's router over {@code servers}
 */
record Topology(InteropMode mode, String hash, List<Server> servers, Router<Server> router) {

    /** Looks a mode up by name; the error lists every registered mode. */
    static InteropMode mode(String name) {
        List<InteropMode> all = InteropModes.all();
        for (InteropMode mode : all) {
            if (mode.name().equals(name)) {
                return mode;
            }
        }
        String valid = all.isEmpty()
                ? "no modes are registered in this build"
                : "valid modes: " + all.stream().map(InteropMode::name).collect(Collectors.joining(", "));
        throw new UsageError("unknown mode '" + name + "'; " + valid);
    }

    /** Checks {@code hash} against the mode's accepted hashes; null means the peer's default. */
    static String hash(InteropMode mode, String hash) {
        if (hash == null) {
            return null;
        }
        List<String> accepted = mode.hashes();
        if (accepted.isEmpty()) {
            throw new UsageError("mode '" + mode.name() + "' has a fixed key hash, so --hash '" + hash
                    + "' is not accepted; leave --hash out");
        }
        if (!accepted.contains(hash)) {
            throw new UsageError("unknown hash '" + hash + "' for mode '" + mode.name() + "'; valid hashes: "
                    + String.join(", ", accepted));
        }
        return hash;
    }

    /** Parses {@code SPEC[,SPEC...]}, each {@code HOST:PORT[:WEIGHT[:NAME]]} (IPv6 hosts in brackets). */
    static List<Server> servers(String option, String csv) {
        if (csv == null || csv.isBlank()) {
            throw new UsageError(option + " is empty; expected HOST:PORT[:WEIGHT[:NAME]][,...]");
        }
        List<Server> servers = new ArrayList<>();
        for (String spec : csv.split(",", -1)) {
            if (spec.isBlank()) {
                throw new UsageError(option + " '" + csv + "' has an empty server spec; expected HOST:PORT[:WEIGHT[:NAME]][,...]");
            }
            try {
                servers.add(Server.parse(spec));
            } catch (IllegalArgumentException e) {
                throw new UsageError(option + ": " + oneLine(e.getMessage()));
            }
        }
        return List.copyOf(servers);
    }

    /** Resolves everything and builds the mode's router. */
    static Topology of(String modeName, String hashName, String option, String csv) {
        InteropMode mode = mode(modeName);
        String hash = hash(mode, hashName);
        List<Server> servers = servers(option, csv);
        return new Topology(mode, hash, servers, router(mode, hash, servers, option));
    }

    /** The mode's router; a topology the peer cannot express (duplicates, ...) is a usage error. */
    static Router<Server> router(InteropMode mode, String hash, List<Server> servers, String option) {
        try {
            return mode.router(servers, hash);
        } catch (RuntimeException e) {
            throw new UsageError("mode '" + mode.name() + "' rejects " + option + ": " + oneLine(String.valueOf(e.getMessage())));
        }
    }

    /**
     * The ring behind a router, when there is one, so shares and diffs can be exact: an interop
     * mode's {@link PeerRouter#ring()} (present exactly when the peer's placement is that ring's
     * walk), a bare {@link Ring}, or the current snapshot of a {@link RingHolder}; null for other
     * routers (modulo, rendezvous, PECL's bucket table), whose figures are sampled.
     */
    static Ring<Server> ringOf(Router<Server> router) {
        if (router instanceof PeerRouter peer) {
            return peer.ring().orElse(null);
        }
        if (router instanceof Ring<Server> ring) {
            return ring;
        }
        if (router instanceof RingHolder<Server> holder) {
            return holder.get();
        }
        return null;
    }

    /** Collapses a multi-line message into one line (the CLI promises one line on stderr). */
    static String oneLine(String message) {
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
