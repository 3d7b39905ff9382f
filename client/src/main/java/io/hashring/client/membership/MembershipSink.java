package io.hashring.client.membership;

/** What a {@link MembershipSource} reports to. Called on the source's thread; must not block for long. */
public interface MembershipSink {

    /** A version the source read and validated (servers parse, ids are unique, weights are positive). */
    void publish(MembershipVersion version);

    /**
     * A new version the source read but could not use: {@code reason} says where and what (for a
     * file: path, line and field). The running server list stays as it is.
     */
    void rejected(String source, String reason);
}
