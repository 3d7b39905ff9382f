package io.hashring.core;

/** Thrown when a key is routed on a ring that has no nodes (for example after removing the last one). */
public final class EmptyRingException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public EmptyRingException(String message) {
        super(message);
    }
}
