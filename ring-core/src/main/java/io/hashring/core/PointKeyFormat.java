package io.hashring.core;

/**
 * The string a layout hashes for a node's {@code i}-th point key (for MD5x4 layouts, the
 * {@code i}-th digest). This is where peers differ most visibly: libmemcached drops the default
 * port, spymemcached prefixes a slash, dalli uses colons.
 */
@FunctionalInterface
public interface PointKeyFormat {

    /** The point key for node {@code nodeId} and index {@code i} (0-based). */
    String pointKey(String nodeId, int i);

    /** {@code "<id>-<i>"}, the id verbatim (libketama, twemproxy with names, spymemcached). */
    static PointKeyFormat idDashIndex() {
        return Formats.ID_DASH_INDEX;
    }

    /**
     * libmemcached's {@code "<host>-<i>"} when the id ends in {@code :11211} (the default port is
     * dropped), else {@code "<host>:<port>-<i>"}. Source: libmemcached {@code hosts.cc}.
     */
    static PointKeyFormat libmemcached() {
        return Formats.LIBMEMCACHED;
    }

    /** Named formats for readable {@code toString}s. */
    enum Formats implements PointKeyFormat {
        ID_DASH_INDEX {
            @Override
            public String pointKey(String nodeId, int i) {
                return nodeId + '-' + i;
            }
        },
        LIBMEMCACHED {
            @Override
            public String pointKey(String nodeId, int i) {
                String base = nodeId.endsWith(":11211") ? nodeId.substring(0, nodeId.length() - 6) : nodeId;
                return base + '-' + i;
            }
        }
    }
}
