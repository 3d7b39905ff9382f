package io.hashring.client.membership;

import io.hashring.hash.interop.Server;
import java.util.List;
import java.util.Objects;

/**
 * One server list a source read.
 *
 * @param version increases with every change the source sees (a cluster endpoint's config
 *                version, a file's content generation, a DNS answer's generation); a client
 *                ignores a version not greater than the one it runs
 * @param servers the servers, in configuration order; ids unique, never empty
 * @param source  {@link MembershipSource#describe()} of the source that read it
 */
public record MembershipVersion(long version, List<Server> servers, String source) {

    public MembershipVersion {
        Objects.requireNonNull(source, "source");
        servers = List.copyOf(Objects.requireNonNull(servers, "servers"));
        if (servers.isEmpty()) {
            throw new IllegalArgumentException(source + ": version " + version + " has no servers");
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Server s : servers) {
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException(source + ": version " + version + " lists server " + s.id() + " twice");
            }
        }
    }
}
