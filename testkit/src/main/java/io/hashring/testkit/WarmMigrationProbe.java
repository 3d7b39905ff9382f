package io.hashring.testkit;

import java.util.Map;

/**
 * Optional: a {@link ClientUnderTest} that also implements this reports its warm-migration
 * counters (warm hits, warm misses, copies, invalidations, window state, ...), which the
 * {@link WarmMigrationKit} writes into the report beside each rule's figures. Clients without
 * warm migration need not implement it.
 */
public interface WarmMigrationProbe {

    /** The client's warm-migration counters now, by name (numbers, booleans or strings). Cheap; must not block. */
    Map<String, Object> warmCounters();
}
