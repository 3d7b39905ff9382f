package io.hashring.testkit;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every rule the kits check, with its id and the sentence that names it. A rule's test method is
 * named {@code r<group>_<n>_<what>} and displayed as {@code "R<group>.<n> <sentence>"}; reports
 * use the id. Each constant's javadoc says what to look at when the rule fails.
 *
 * <p>Groups: R1 routing (no servers), R2 live (real servers, one client at a time), R3 load (four
 * threads, faults during the workload), R4 warm migration ({@link WarmMigrationKit}: topology
 * changes that keep hits), R5 faults ({@link FaultKit}: hung, dropped and restarted servers,
 * rejected changes, health).
 *
 * <p>Every rule has a {@link Classification}: <b>required</b> (every client must pass it),
 * <b>optional</b> (it runs only for a subject that declares what it needs, a {@link Capability} or a
 * routing model, and is skipped with that reason otherwise), or <b>statistical</b> (a bound on a
 * random quantity, with the probability that a correct subject fails it by chance). The report
 * carries each rule's classification next to its outcome.
 */
public enum Rules {

    /**
     * Two routers built from the same nodes must route every key identically, and one router must
     * answer the same twice. When it fails: look for state in the router (caches, connection
     * order, {@code HashMap} iteration, DNS or {@code InetSocketAddress.toString()} in node
     * identity).
     */
    R1_1("same nodes give the same route for every key", Classification.required()),
    /**
     * After adding one node, every key that changed owner must now belong to the added node. When it
     * fails: the router is not consistent (modulo-style rebucketing), or adding a node changed the
     * other nodes' points (weights renormalised, points regenerated from indexes).
     */
    R1_2("adding a node moves keys only to the added node", Classification.required()),
    /**
     * After removing one node, only that node's keys may change owner. When it fails: removal rebuilt
     * other nodes' points, or identities depend on list positions.
     */
    R1_3("removing a node moves only that node's keys", Classification.required()),
    /**
     * {@code candidates(key)} must list every node exactly once, start with {@code route(key)}, and
     * its second entry must be where the key goes once the primary is removed (next distinct node in
     * ring order). When it fails: failover walks something other than the ring (rehashing, random
     * retries), or the list repeats nodes.
     */
    R1_4("candidates list every node once, primary first, then the node the key falls to without it", Classification.required()),
    /**
     * With equal weights each node's share of many keys must be within a statistical bound of 1/n
     * (arc-length and sampling variance, z = 5). When it fails: too few points per node, a
     * clustering hash, or a bias in the search rule.
     */
    R1_5("equal weights give equal key shares within statistical bounds", Classification.statistical(10 * ShareBounds.FALSE_FAILURE_PER_CHECK)),
    /**
     * With weights 1, 2, 3, 4 each node's share must be within a statistical bound of w/W. When it
     * fails: weights ignored, or points not proportional to weight.
     */
    R1_6("key shares track weights within statistical bounds", Classification.optional(Capability.WEIGHTS, 4 * ShareBounds.FALSE_FAILURE_PER_CHECK)),
    /**
     * Adding a node to n equal nodes must move a fraction of keys within a statistical bound of
     * 1/(n+1). When it fails: the router moves far more (modulo) or less (new node starved) than a
     * consistent ring.
     */
    R1_7("adding a node to n moves about 1/(n+1) of the keys", Classification.statistical(ShareBounds.FALSE_FAILURE_PER_CHECK)),

    /**
     * The seed experiment: 500 random keys written to 8 servers, 5 servers added (at runtime if the
     * client can, else by a new client over 13 servers), at least 55% still readable. The report
     * shows modulo's retention on the same keys beside it. When it fails: the client is not using a
     * consistent ring, or its node identities change when the server list grows.
     */
    R2_1("after adding 5 servers to 8, at least 55% of stored keys are still readable", Classification.statistical(Classification.RETENTION_FALSE_FAILURE)),
    /**
     * Two clients built from the same configuration must agree: 100% of keys written through one are
     * read through the other. When it fails: routing depends on per-client state (connection order,
     * resolution of addresses, random choices).
     */
    R2_2("a second client with the same configuration reads every key the first one wrote", Classification.required()),
    /**
     * Every key must be stored on exactly the server the factory's routing model names. When it
     * fails: the model or the client is wrong about point keys (address rendering), point counts,
     * key bytes or the search rule; the report lists mismatches.
     */
    R2_3("every key is stored on the server the routing model names", Classification.optional(Classification.ROUTING_MODEL)),
    /**
     * After SIGKILL of one server its keys must miss (or fail) and every other key must still hit.
     * When it fails: a dead server stalls unrelated keys, or the client re-routes healthy keys.
     */
    R2_4("a killed server's keys miss, every other key still hits", Classification.required()),
    /**
     * After a kill, writes of the dead server's keys must land on the next distinct live server in
     * ring order (the model's second candidate), checked on the servers themselves. When it fails:
     * the client fails over by rehashing (spreading a dead server's keys unpredictably), or keeps
     * writing to the dead server.
     */
    R2_5("after a kill, new writes for the dead server's keys land on the next distinct server", Classification.optional(Classification.ROUTING_MODEL)),
    /**
     * After the killed server restarts (empty), its keys must route back to it (or stay on the
     * failover server if the factory declares {@code STAYS_EJECTED}), and every other key must keep
     * its value on its server. When it fails: the client never reconnects within the recovery
     * timeout, or reconnecting reshuffled other keys.
     */
    R2_6("after a restart the dead server's keys route back (or stay, as declared) and nothing else moves", Classification.required()),
    /**
     * While one server is paused (SIGSTOP), a call for its key must fail or miss within five times the
     * client's operation timeout, and keys on other servers must still hit. When it fails: the client
     * has no operation timeout, or one frozen server blocks the others.
     */
    R2_7("a paused server makes calls fail within the client's timeout, not hang", Classification.required()),
    /**
     * Keys with spaces or control characters, empty keys and keys over 250 bytes must be rejected
     * with an exception on set and get, and no server's {@code cmd_get}/{@code cmd_set} may move.
     * When it fails: the client sends invalid keys (which corrupt the text protocol stream or are
     * silently truncated) or returns a result instead of an error.
     */
    R2_8("keys the protocol forbids are rejected with an error and never sent", Classification.required()),
    /**
     * A server added to the live client takes keys only from the others: every key that no longer
     * hits is, when written again, stored on the new server. When it fails: adding a server moved
     * keys between old servers, or the client never routes to the new one.
     */
    R2_9("a server added at runtime takes keys, and only it does", Classification.optional(Capability.RUNTIME_ADD_SERVER)),
    /**
     * A server removed from the live client loses only its own keys: all others still hit, and its
     * keys, written again, never land on it. When it fails: removal reshuffled other keys.
     */
    R2_10("a server removed at runtime loses only its own keys", Classification.optional(Capability.RUNTIME_REMOVE_SERVER)),
    /**
     * With weights 1, 1, 2, 4 each server's share of 2000 stored keys must be within a statistical
     * bound of w/W. When it fails: weights are ignored or applied per connection.
     */
    R2_11("weighted servers get key shares that track their weights", Classification.optional(Capability.WEIGHTS, 4 * ShareBounds.FALSE_FAILURE_PER_CHECK)),

    /**
     * Under a 4-thread workload with a kill, a restart and an added server, every operation must
     * return within the hang timeout and every thread must finish. When it fails: a client call
     * blocked without a timeout.
     */
    R3_1("no operation hangs while servers are killed, restarted and added", Classification.required()),
    /**
     * Bound: 0 errors on keys whose server was never killed. When it fails: a fault on one server
     * leaks errors into healthy servers' keys (shared queues, global reconnect locks).
     */
    R3_2("errors only touch keys of the killed server", Classification.required()),
    /**
     * Bound: 0 misses on keys that were neither on the killed server nor moved to the added one (and
     * not deleted by the workload). When it fails: keys moved between healthy servers.
     */
    R3_3("no misses on keys that neither failed nor moved", Classification.required()),
    /**
     * Bound: 0 wrong-node reads, i.e. reads returning a value other than the last one written (or one
     * still in doubt after a failed write). When it fails: a key was served by a server that is not its
     * current owner, typically a failover server still holding an old copy.
     */
    R3_4("no wrong-node reads: every hit returns the latest value written", Classification.required()),
    /**
     * Every thread completes successful operations after the last fault. When it fails: the client did
     * not recover after the restart or the added server.
     */
    R3_5("every client thread makes progress after the last fault", Classification.required()),

    /**
     * 500 keys written to 8 servers, 5 servers added: at least 99% must be readable at once (250 of
     * them by one bulk get), and every key whose owner changed must, after that one read, be stored
     * on its new server (checked on the servers with text probes; needs the routing model). When it
     * fails: the client does not read a miss of a moved key from its old server, does not copy it,
     * or forgets earlier snapshots when changes follow one another (adding 5 servers is 5 changes).
     */
    R4_1("after growing 8 servers to 13 under warm migration, at least 99% of stored keys are readable and moved keys are on their new server after one read", Classification.required()),
    /**
     * 500 keys written to 13 servers, 5 removed: at least 99% readable at once, and the removed
     * servers see no store command afterwards (reads, copies and later writes of every key). When it
     * fails: a removed server was disconnected before the window ended, or copies/writes went to it.
     */
    R4_2("after shrinking 13 servers to 8 under warm migration, at least 99% of stored keys are readable and removed servers get no writes but deletes", Classification.required()),
    /**
     * Two writers (sets and deletes of their own keys, rising versions) and two readers share 200 keys
     * for 3 s while 5 servers are added and then 2 removed. Bounds, all 0: reads returning a version
     * older than the last one acknowledged before the read began (a delete counts), acknowledged sets
     * not readable at the end, errors, and copies on any server older than the key's last
     * acknowledged operation. When it fails: writes do not invalidate old servers, a warm copy
     * resurrected a deleted value (the delete/copy guard), or a change lost keys nobody rewrote.
     */
    R4_3("under 4 threads across changes, no read returns a value older than the last acknowledged write or delete, no write is lost and no server keeps an older copy", Classification.required()),
    /**
     * 8 servers grown to 13, then the old server of most moved keys is killed: reads of its moved keys
     * must be plain misses within 5 x the operation timeout (no error, no hang), and moved keys of the
     * other old servers must still hit. When it fails: the client keeps asking a dead old server, lets
     * its failure surface as an error, or re-routes the warm read elsewhere.
     */
    R4_4("a killed old server costs its moved keys a miss, not an error or a hang, and moved keys of live old servers still hit", Classification.optional(Classification.ROUTING_MODEL)),
    /**
     * Two clients, one with warm migration and the same one without ({@code WarmMigrationKit.withoutWarmMigration}),
     * each under a steady, paced load on its own 1,500 keys (two threads, 10% sets, 90% gets, a miss is not
     * refilled) while 5 servers are added to 8 and then 5 of the first 8 removed; hits are counted per 250 ms
     * and charted in the report. With m the fraction of the load's keys the change moves (from the routing
     * model), the bound is 1 - m/2, halfway between what a client keeps without warm migration (1 - m) and
     * with it (1): the warm client's hit rate over the whole buckets after each change, and in each such
     * bucket with at least 20 reads, must be at least the bound; and the first reads after the change (keys
     * not written since it began) of the client without warm migration must hit less than the bound, so
     * the measurement is known to see what moved. A correct warm client misses only on errors, so the
     * false-failure rate is the second check's: with at least 400 first reads and m >= 0.25 (ketama's
     * expected 5/13) the bound is >= 5.7 standard deviations above 1 - m, 4e-9 per change, under 1e-8
     * for both. When it fails: the warm client's dip says warm reads do not reach the old servers under
     * load (or its copies are lost while the change is applied); a client without warm migration that
     * does not dip means the comparison client has warm migration on.
     */
    R4_5("under a steady load across a grow (8 to 13) and a shrink (13 to 8), the warm client's hit rate per 250 ms stays above 1 - m/2 while first reads without warm migration fall below it (m: the moved fraction)", Classification.optional(Classification.WITHOUT_WARM_MIGRATION, 1e-8)),

    /**
     * SIGSTOP one server (connections stay open, nothing answers): within the bound
     * ({@code FaultKit.ejectionBound()}, by default 3 x opTimeout + 1 s) calls on its keys must stop
     * waiting for it (fail over, miss, or fail fast). When it fails: operation timeouts are not
     * failure signals, so a hung server is never ejected and every caller waits the full timeout.
     */
    R5_1("a paused server is ejected within the bound: its keys stop waiting for it", Classification.required()),
    /**
     * Kill the client's connections to one server ({@code ss -K}) again and again while writing new
     * values for its keys; the server keeps the old ones. Once the client routes to it again, no read
     * may return a value older than an acknowledged write. When it fails: writes failed over and the
     * returning server was routed to without invalidating (or flushing) what it held.
     */
    R5_2("no stale read after a failover and return: connections dropped while the server keeps its data", Classification.required()),
    /**
     * {@code addServer} of an unresolvable host and of an address already configured, and
     * {@code removeServer} of an unknown server, must each throw, and afterwards every key must be
     * readable and written where it was before. When it fails: validation ran after part of the change
     * was applied, or a bad value was accepted silently.
     */
    R5_3("a rejected runtime change leaves routing unchanged", Classification.optional(Capability.RUNTIME_ADD_SERVER)),
    /**
     * 100 runtime additions of each bad kind and 100 creations of each bad kind (unresolvable host,
     * two servers at one address) must each be rejected with an error, and must not leave file
     * descriptors ({@code /proc/self/fd}) or threads behind. When it fails: a socket, selector or I/O thread opened before validation is not
     * closed on the failure path.
     */
    R5_4("failed changes and failed client creations leak no file descriptor and no thread", Classification.required()),
    /**
     * After a kill the killed server's health must be EJECTED and every other server HEALTHY; after a
     * restart it must be routed to again (HEALTHY or PROBATION) within the recovery bound. When it
     * fails: a failure signal is not fed to the health model (the xmemcached session bug of issue
     * 12), or readmission does not happen.
     */
    R5_5("the client's health state matches the faults injected", Classification.required()),
    /**
     * Kill a server, restart it: within the bound ({@code FaultKit.recoveryBound()}, by default 5 s)
     * writes for its keys must reach it again. When it fails: recovery follows the client's own
     * reconnect backoff instead of the ejection policy.
     */
    R5_6("a restarted server is routed to again within the bound", Classification.required());

    private static final Pattern METHOD = Pattern.compile("^r(\\d+)_(\\d+)_.*");

    private final String sentence;
    private final Classification classification;

    Rules(String sentence, Classification classification) {
        this.sentence = sentence;
        this.classification = classification;
    }

    /** Whether the rule is required, optional (and what it needs) or statistical (and how often it fails by chance). */
    public Classification classification() {
        return classification;
    }

    /** {@code R2.4}. */
    public String id() {
        return name().replace('_', '.');
    }

    /** What the rule demands, as a sentence. */
    public String sentence() {
        return sentence;
    }

    /** {@code "R2.4 a killed server's keys miss, every other key still hits"}. */
    public String displayName() {
        return id() + " " + sentence;
    }

    /** The rule a test method checks, from its {@code r<group>_<n>_} prefix. */
    public static Rules forMethod(String methodName) {
        Matcher m = METHOD.matcher(methodName.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("test method '" + methodName + "' is not named r<group>_<n>_...");
        }
        return valueOf("R" + m.group(1) + "_" + m.group(2));
    }
}
