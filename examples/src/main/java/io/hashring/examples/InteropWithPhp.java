/*
 * InteropWithPhp: a Java service and a PHP service share one memcached cluster.
 *
 * The PHP side uses php-memcached (libmemcached) in its "libketama compatible" setting:
 *
 *     $m = new Memcached();
 *     $m->setOption(Memcached::OPT_LIBKETAMA_COMPATIBLE, true);
 *     $m->addServers([['10.0.0.1', 11211, 1], ['10.0.0.2', 11211, 2], ['cache-3.internal', 11212, 1]]);
 *
 * The Java side must put every key on the same server, or each service misses the other's
 * entries. The interop mode `libmemcached-ketama-weighted` reproduces that placement exactly
 * (weights, server order and libmemcached's dropped ":11211" in point keys included). Check a
 * key against PHP with `$m->getServerByKey('user:42')`, or with the CLI:
 *     printf 'user:42\n' | java -jar cli/target/hashring.jar route --mode libmemcached-ketama-weighted \
 *         --servers 10.0.0.1:11211:1,10.0.0.2:11211:2,cache-3.internal:11212:1
 *
 * Run: java -cp examples/target/classes:ring-core/target/classes:hash-functions/target/classes io.hashring.examples.InteropWithPhp
 */
package io.hashring.examples;

import io.hashring.core.Router;
import io.hashring.hash.interop.InteropMode;
import io.hashring.hash.interop.InteropModes;
import io.hashring.hash.interop.Server;
import java.util.List;

public final class InteropWithPhp {

    /** php-memcached with OPT_LIBKETAMA_COMPATIBLE = libmemcached MEMCACHED_BEHAVIOR_KETAMA_WEIGHTED. */
    static final String MODE = "libmemcached-ketama-weighted";

    private InteropWithPhp() {
    }

    public static void main(String[] args) {
        // Same servers, same order, same weights as the PHP addServers() call.
        List<Server> servers = List.of(
                Server.parse("10.0.0.1:11211:1"),
                Server.parse("10.0.0.2:11211:2"),
                Server.parse("cache-3.internal:11212:1"));

        InteropMode mode = InteropModes.byName(MODE);
        Router<Server> router = mode.router(servers, null); // null: the peer's default key hash (MD5)
        System.out.println(mode.name() + ": " + mode.description());

        for (String key : List.of("user:42", "session:9f1c2e", "cart:7", "caf\u00e9:menu")) {
            // PHP's getServerByKey($key) names the same host and port.
            System.out.printf("  %-16s -> %s%n", key, router.route(key).address());
        }
    }
}
