package io.hashring.client;

import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * The routing decision of {@link FailoverPolicy#missWhileEjected()}, shared by both adapters: whether
 * an operation on a key is answered by the client itself (a miss, or a failed write) because the
 * key's server is ejected, and the bookkeeping of a dropped write (its key is deleted on the server
 * before it is readmitted, {@link FailoverLedger#recordDropped}). The adapters only translate the
 * answer into their library's result. Thread-safe (one volatile read of the health state per call).
 */
public final class MissWhileEjected {

    private MissWhileEjected() {
    }

    /**
     * The node index of {@code key}'s server if an operation on it must not be sent: the policy is
     * {@link FailoverPolicy.Mode#MISS} and that server is ejected, or has no open connection
     * ({@code connected} says no: the library would otherwise send the operation to another
     * server); otherwise -1 (send it as usual). One hash of the key, only under
     * {@link FailoverPolicy.Mode#MISS}.
     */
    public static int droppedOwner(RoutingSnapshot<?> snapshot, FailoverLedger ledger, String key, IntPredicate connected) {
        if (!ledger.policy().missesWhileEjected() || key == null || snapshot.size() == 0) {
            return -1;
        }
        int owner = snapshot.indexOf(key);
        return snapshot.isEjected(owner) || !connected.test(owner) ? owner : -1;
    }

    /**
     * Notes that an operation on {@code key}, owned by node {@code owner} of {@code snapshot}, was
     * not sent: a write (anything but a read) is remembered for the owner's cleanup on return.
     */
    public static void dropped(RoutingSnapshot<?> snapshot, FailoverLedger ledger, int owner, String key, boolean write) {
        Objects.requireNonNull(key, "key");
        if (write) {
            ledger.recordDropped(snapshot.server(owner).id(), key);
        }
    }
}
