package io.hashring.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Per-thread position in the key pool: each call takes the next key, so no key is hashed twice in a row. */
@State(Scope.Thread)
public class KeyCursor {

    private int next;

    /** The index of the next key in the pool. */
    public int next() {
        int i = next;
        next = (i + 1) & (Fixtures.KEY_POOL - 1);
        return i;
    }
}
