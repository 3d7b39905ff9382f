package io.hashring.testkit;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;

import io.hashring.core.HashFunction;
import io.hashring.core.ModuloRouter;

/** The kit must be able to fail: modulo routing breaks every consistency rule, and each such failure is asserted. */
@DisplayName("Routing kit: ring-core modulo baseline (proves the rules can fail)")
class ModuloRoutingKitTest extends RoutingKit<String> {
    ModuloRoutingKitTest() {
        super("ring-core modulo", Capability.WEIGHTS);
    }

    @Override
    protected RoutingUnderTest<String> routing(List<ServerSpec> servers) {
        return RoutingUnderTest.of(ModuloRouter.of(HashFunction.md5(), nodes(servers)));
    }

    @Override
    public Map<Rules, String> expectedFailures() {
        return Map.of(
                Rules.R1_2, "hash mod n rebuckets almost every key when n grows",
                Rules.R1_3, "hash mod n rebuckets almost every key when n shrinks",
                Rules.R1_4, "without the primary a key goes to hash mod (n-1), not to the next bucket",
                Rules.R1_7, "adding a node moves about n/(n+1) of the keys, not 1/(n+1)");
    }
}
