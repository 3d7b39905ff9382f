package io.hashring.testkit;

import java.util.Objects;

/**
 * One server in a {@link ClientConfig}: its {@code host:port} address (the identity a client
 * should hash; see {@code docs/interop.md#point-keys}) and its weight.
 *
 * @param address {@code host:port}
 * @param weight  at least 1
 */
public record ServerSpec(String address, int weight) {

    /** @throws IllegalArgumentException naming a malformed address or a weight below 1 */
    public ServerSpec {
        Objects.requireNonNull(address, "address");
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1 || !address.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("server address must be host:port, was '" + address + "'");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight of server " + address + " must be at least 1, was " + weight);
        }
    }

    /** Weight 1. */
    public static ServerSpec of(String address) {
        return new ServerSpec(address, 1);
    }

    public String host() {
        return address.substring(0, address.lastIndexOf(':'));
    }

    public int port() {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }
}
