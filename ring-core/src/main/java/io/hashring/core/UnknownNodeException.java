package io.hashring.core;

import java.util.Collection;

/** Thrown when a change names a node the ring does not hold. The ring is left unchanged. */
public final class UnknownNodeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String nodeId;

    public UnknownNodeException(String nodeId, Collection<String> known) {
        super("unknown node id '" + nodeId + "'; the ring holds " + (known.size() <= 20 ? known : known.size() + " nodes"));
        this.nodeId = nodeId;
    }

    public String nodeId() {
        return nodeId;
    }
}
