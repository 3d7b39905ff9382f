package io.hashring.hash.interop;

/**
 * How an {@link InteropMode}'s agreement with its peer is proven (README "Interop"): the kind of
 * evidence, from strongest to weakest.
 */
public enum Verification {

    /** Vectors produced by running the real peer (tools/golden), replayed by the tests at 100%. */
    GOLDEN("golden"),

    /** Compared with the peer's own classes (a Java client, test scope) on 100,000 random keys per topology. */
    IN_PROCESS("in-process"),

    /** The peer cannot run here: checked against reference data from its own repository (cited). */
    UPSTREAM_FACTS("upstream facts"),

    /** Not proven against the peer (modes from outside this library, unless they say otherwise). */
    NONE("not verified");

    private final String label;

    Verification(String label) {
        this.label = label;
    }

    /** The label {@code hashring modes} prints: {@code golden}, {@code in-process}, {@code upstream facts}. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
