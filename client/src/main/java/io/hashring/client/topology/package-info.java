/**
 * Topology files: a memcached cluster described once, in JSON ({@link io.hashring.client.topology.TopologyFile}),
 * as a {@link io.hashring.client.topology.Topology} value that the adapters' builders, the CLI and the
 * examples accept. The JSON schema for editors is {@code docs/topology.schema.json} in the repository.
 */
package io.hashring.client.topology;
