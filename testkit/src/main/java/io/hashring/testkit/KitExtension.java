package io.hashring.testkit;

import java.lang.reflect.Method;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Runs each kit rule: collects its {@link Figures}, turns declared expected failures into
 * checked expectations (the rule must really fail, else the test fails), and appends the outcome
 * to the {@link KitReport}.
 */
final class KitExtension implements BeforeEachCallback, AfterEachCallback, InvocationInterceptor, TestWatcher {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KitExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("figures", Figures.begin());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Figures.end();
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        Kit kit = kit(context);
        Rules rule = Rules.forMethod(invocationContext.getExecutable().getName());
        String reason = kit == null ? null : kit.expectedFailures().get(rule);
        if (reason == null) {
            invocation.proceed();
            return;
        }
        try {
            invocation.proceed();
        } catch (TestAbortedException skipped) {
            throw skipped;
        } catch (Throwable failure) {
            context.getStore(NS).put("expected", failure);
            return;
        }
        throw new AssertionFailedError(rule.id() + " was declared as an expected failure for " + kit.subjectName()
                + " (" + reason + ") but it passed: remove it from expectedFailures()");
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        Throwable expected = context.getStore(NS).get("expected", Throwable.class);
        if (expected != null) {
            Kit kit = kit(context);
            record(context, "failed-expected", kit.expectedFailures().get(rule(context)), expected.getMessage());
        } else {
            record(context, "passed", null, null);
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        record(context, "failed", null, cause.getMessage());
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        record(context, "skipped", cause.getMessage(), null);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        record(context, "skipped", reason.orElse("disabled"), null);
    }

    private static Rules rule(ExtensionContext context) {
        return Rules.forMethod(context.getRequiredTestMethod().getName());
    }

    private static void record(ExtensionContext context, String outcome, String reason, String message) {
        Kit kit = kit(context);
        if (kit == null) {
            return;
        }
        Figures figures = context.getStore(NS).get("figures", Figures.class);
        Rules rule = rule(context);
        KitReport.append(new KitReport.Entry(kit.kitName(), rule, kit.subjectName(), outcome,
                reason, message == null ? null : abbreviate(message),
                figures == null ? java.util.Map.of() : figures.asMap()));
    }

    private static String abbreviate(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "..." : s;
    }

    /** The outermost test instance, which is the kit (nested rule groups are inner classes). */
    private static Kit kit(ExtensionContext context) {
        return context.getTestInstances()
                .map(i -> i.getAllInstances().get(0))
                .filter(Kit.class::isInstance)
                .map(Kit.class::cast)
                .orElse(null);
    }
}
