package io.hashring.testkit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Optional;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContextException;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link MemcachedNodes}. The cluster lives in the extension store
 * of the outermost annotated class, so {@code @Nested} classes share it and JUnit closes it when
 * that class finishes, whatever the test outcomes.
 */
public final class MemcachedNodesExtension
        implements BeforeAllCallback, BeforeEachCallback, TestInstancePostProcessor, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MemcachedNodesExtension.class);
    private static final String KEY = "cluster";

    /** The cluster of the current test class, starting it if this is the outermost annotated class. */
    static MemcachedCluster cluster(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Holder holder = store.get(KEY, Holder.class);
        if (holder == null) {
            MemcachedNodes config = settings(context);
            holder = new Holder(MemcachedCluster.start(config.count()), config.resetBeforeEach());
            classContext(context).getStore(NAMESPACE).put(KEY, holder);
        }
        return holder.cluster;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Holder holder = context.getStore(NAMESPACE).get(KEY, Holder.class);
        if (holder == null) {
            cluster(context);
            holder = context.getStore(NAMESPACE).get(KEY, Holder.class);
        }
        if (holder.resetBeforeEach) {
            holder.cluster.reset();
        }
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) throws IllegalAccessException {
        for (Class<?> c = testInstance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() == MemcachedCluster.class && !Modifier.isStatic(f.getModifiers())
                        && !Modifier.isFinal(f.getModifiers())) {
                    f.setAccessible(true);
                    f.set(testInstance, cluster(context));
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == MemcachedCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        return cluster(extensionContext);
    }

    private static MemcachedNodes settings(ExtensionContext context) {
        for (Optional<Class<?>> c = context.getTestClass(); c.isPresent(); c = Optional.ofNullable(c.get().getEnclosingClass())) {
            Optional<MemcachedNodes> found = AnnotationSupport.findAnnotation(c.get(), MemcachedNodes.class);
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new ExtensionContextException("MemcachedNodesExtension is registered on " + context.getDisplayName()
                + " but no enclosing class is annotated @MemcachedNodes");
    }

    /** The context of the outermost class in the current context chain: the cluster's lifetime. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext outermost = context;
        for (Optional<ExtensionContext> c = Optional.of(context); c.isPresent(); c = c.get().getParent()) {
            if (c.get().getTestClass().isPresent() && c.get().getTestMethod().isEmpty()) {
                outermost = c.get();
            }
        }
        return outermost;
    }

    /** Closed by JUnit when the owning class context ends. */
    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        final MemcachedCluster cluster;
        final boolean resetBeforeEach;

        Holder(MemcachedCluster cluster, boolean resetBeforeEach) {
            this.cluster = cluster;
            this.resetBeforeEach = resetBeforeEach;
        }

        @Override
        public void close() {
            cluster.close();
        }
    }
}
