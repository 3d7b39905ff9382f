package io.hashring.client.membership;

import io.hashring.client.TopologyChange;

/**
 * What a {@link Membership} did with each version its source published. Called on the membership's
 * applier thread (or, for {@link #rejected}, on the source's thread); must not block for long.
 * Every method does nothing by default.
 */
public interface MembershipListener {

    /** {@code version} is now the client's server list; {@code change} says what changed and what moved. */
    default void applied(MembershipVersion version, TopologyChange change) {
    }

    /**
     * {@code version} was not applied because it is not newer than {@code running}, the version
     * the client runs (or a newer one arrived before it could be applied).
     */
    default void ignored(MembershipVersion version, long running) {
    }

    /** The source read a new version it could not use ({@link MembershipSink#rejected}); the client keeps its list. */
    default void rejected(String source, String reason) {
    }

    /** Applying {@code version} failed; the client keeps routing on its previous list. */
    default void failed(MembershipVersion version, Exception error) {
    }
}
