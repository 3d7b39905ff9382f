package io.hashring.core;

/** Thrown when a ring would hold two nodes with the same id. The ring is left unchanged. */
public final class DuplicateNodeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String nodeId;

    public DuplicateNodeException(String nodeId) {
        super("duplicate node id '" + nodeId + "': node ids must be unique on a ring");
        this.nodeId = nodeId;
    }

    public String nodeId() {
        return nodeId;
    }
}
