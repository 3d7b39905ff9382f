package io.hashring.testkit;

import java.util.Optional;

import io.hashring.core.Router;

/**
 * The SPI a downstream project implements (a few lines) to run the live and load kits against its
 * client:
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
     * The routing the client claims to apply, as a ring-core router whose node values are the
     * servers' {@code host:port} addresses: a prediction of which server stores each key. Rules
     * that compare real placement with the prediction (placement, next-distinct failover, ring
     * order) are skipped when this is empty. For a hashring adapter it is the adapter's own ring.
     */
    default Optional<Router<String>> routingModel(ClientConfig config) {
        return Optional.empty();
    }
}
