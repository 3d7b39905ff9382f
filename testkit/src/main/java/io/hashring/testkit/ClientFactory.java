package io.hashring.testkit;

import java.util.Map;
import java.util.Optional;

import io.hashring.core.Router;

/**
 * The SPI the live and load kits run a client through. For a spymemcached or xmemcached client use
 * the ready-made {@link ClientBinding}s ({@code SpymemcachedClients}, {@code XmemcachedClients}):
 * one function from the kit's {@link ClientConfig} to the client. For any other client:
 *
 * <pre>{@code
 * class MyClientFactory implements ClientFactory {
 *     public String name() { return "my-client"; }
 *     public Capabilities capabilities() { return Capabilities.of(Capability.RUNTIME_ADD_SERVER); }
 *     public ClientUnderTest create(ClientConfig config) { return new MyClientAdapter(config); }
 *     public Optional<Router<String>> routingModel(ClientConfig config) {
 *         return Optional.of(Ring.ketama(config.addresses().toArray(String[]::new)));
 *     }
 * }
 * }</pre>
 *
 * Implementations are stateless or thread-safe; the kits may create several clients at once.
 */
public interface ClientFactory {

    /** A short name for reports, such as {@code spymemcached-2.12.3}. */
    String name();

    /** What the clients can do; rules needing something absent are skipped with the reason. */
    Capabilities capabilities();

    /**
     * A new, connected client for {@code config}.
     *
     * @throws org.opentest4j.TestAbortedException (via {@code Assumptions}) if the routing or
     *         another part of the config is not supported, so the rule is skipped with the reason
     */
    ClientUnderTest create(ClientConfig config);

    /**
     * The routing the client claims to apply, as a ring-core router whose node ids are the
     * servers' {@code host:port} addresses (node values may be anything): a prediction of which
     * server stores each key, and of the next distinct server in ring order. Rules that compare real
     * placement with the prediction (R2.3, R2.5) are skipped when this is empty.
     */
    default Optional<Router<?>> routingModel(ClientConfig config) {
        return Optional.empty();
    }

    /**
     * Rules this client is known to fail, with the reason (a kit's own {@code expectedFailures()}
     * overrides this). Such a rule still runs, must fail (else the test fails so the declaration
     * gets removed), and is reported as {@code failed-expected}.
     */
    default Map<Rules, String> expectedFailures() {
        return Map.of();
    }
}
