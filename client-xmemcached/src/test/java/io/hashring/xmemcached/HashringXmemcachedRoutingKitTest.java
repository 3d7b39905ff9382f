package io.hashring.xmemcached;

import io.hashring.core.Node;
import io.hashring.core.Router;
import io.hashring.client.Placement;
import io.hashring.hash.interop.Server;
import io.hashring.testkit.NodeIdRouter;
import io.hashring.testkit.RoutingKit;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/**
 * The testkit's routing rules R1.x against the router the adapter's locator builds and walks
 * ({@code getSessionByKey}, and its failover walk over the candidates): the default {@link Placement}
 * over the kit's nodes as configured servers.
 */
@DisplayName("Routing kit: hashring-xmemcached")
class HashringXmemcachedRoutingKitTest extends RoutingKit {
    @Override
    protected Router<String> router(List<Node<String>> nodes) {
        List<Server> servers = nodes.stream().map(n -> Server.parse(n.id() + ":" + n.weight())).toList();
        return NodeIdRouter.of(Placement.defaults().router(servers));
    }

    @Override
    public String subjectName() {
        return "hashring-xmemcached";
    }
}
