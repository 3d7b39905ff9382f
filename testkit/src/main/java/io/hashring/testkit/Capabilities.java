package io.hashring.testkit;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link ClientFactory}'s clients can do, and how they behave after a failed server comes
 * back.
 *
 * @param features     the optional operations supported
 * @param afterRestart where a restarted server's keys go once the client has seen it come back
 */
public record Capabilities(Set<Capability> features, AfterRestart afterRestart) {

    /** The declared ejection behaviour: what a client does with a server that failed and came back. */
    public enum AfterRestart {
        /** Once the server answers again, its keys route back to it (no ejection, or ejection that expired). */
        ROUTES_BACK,
        /** The server stays ejected for the rest of the test: its keys keep going to the failover server. */
        STAYS_EJECTED
    }

    public Capabilities {
        features = Set.copyOf(features);
        Objects.requireNonNull(afterRestart, "afterRestart");
    }

    /** No optional features, keys route back after a restart. */
    public static Capabilities none() {
        return new Capabilities(Set.of(), AfterRestart.ROUTES_BACK);
    }

    /** These features, keys route back after a restart. */
    public static Capabilities of(Capability... features) {
        Set<Capability> set = EnumSet.noneOf(Capability.class);
        set.addAll(java.util.List.of(features));
        return new Capabilities(set, AfterRestart.ROUTES_BACK);
    }

    public Capabilities withAfterRestart(AfterRestart behaviour) {
        return new Capabilities(features, behaviour);
    }

    public boolean has(Capability c) {
        return features.contains(c);
    }
}
