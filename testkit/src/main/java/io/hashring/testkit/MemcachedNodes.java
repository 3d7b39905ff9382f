package io.hashring.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts {@link #count()} real memcached processes for the annotated test class (and its
 * {@code @Nested} classes) and injects the {@link MemcachedCluster} into test-method,
 * lifecycle-method and constructor parameters and into fields of that type.
 *
 * <pre>{@code
 * @MemcachedNodes(count = 3)
 * class MyTest {
 *     @Test
 *     void survivesAKilledNode(MemcachedCluster cluster) {
 *         cluster.server(1).kill();
 *         ...
 *     }
 * }
 * }</pre>
 *
 * The processes are started once per class, before the first test, and ended after the last one,
 * also when tests fail; a JVM shutdown hook covers an interrupted run. Before each test the
 * cluster is {@linkplain MemcachedCluster#reset() reset} (unless {@link #resetBeforeEach()} is
 * false): servers added by the previous test are dropped, paused ones resumed, killed ones
 * restarted, all flushed.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(MemcachedNodesExtension.class)
public @interface MemcachedNodes {

    /** How many processes to start. */
    int count() default 3;

    /** Whether to reset the cluster before each test. */
    boolean resetBeforeEach() default true;
}
