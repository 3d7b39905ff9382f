package io.hashring.client.membership;

/**
 * Where a client's server list comes from while it runs: a watched topology file, a DNS name
 * re-resolved on an interval, a cluster-discovery endpoint polled over the memcached protocol.
 *
 * <p>A source reads on its own thread (or on its caller's, for a one-shot read) and hands each
 * version it reads to the {@link MembershipSink} it was started with, in the order it read them.
 * It never applies anything itself: the client's {@code Membership} decides whether a version is
 * newer than what it runs, and applies it as one change.
 */
public interface MembershipSource extends AutoCloseable {

    /** What the source reads, for logs and errors: {@code file /etc/cache.json}, {@code dns cache.local:11211}. */
    String describe();

    /**
     * Starts reading. The first version should be published before this returns when the source
     * can read it at once (a file, a resolvable name), so a client built on it starts with it.
     *
     * @throws IllegalStateException if the source was already started or is closed
     */
    void start(MembershipSink sink);

    /** Stops reading and waits (bounded) for the source's thread. Idempotent; publishes nothing afterwards. */
    @Override
    void close();
}
