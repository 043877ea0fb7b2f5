package io.shardline.testing;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * JUnit 5 extension that shares one {@link LocalAws} among all tests of a run (one JVM), started on first use
 * with the configured backend ({@link LocalAws.Backend#configured()}) and closed when the run ends.
 *
 * <p>Test constructors, lifecycle methods and test methods may declare parameters of type {@link LocalAws} and
 * {@link TestNames} (fresh unique names per test). When a test fails, the last 50 lines of the emulators' logs
 * are printed to standard error.
 *
 * <pre>{@code
 * @WithLocalAws
 * class OrdersIT {
 *     @Test
 *     void readsWhatWasWritten(LocalAws aws, TestNames names) {
 *         String stream = names.stream();
 *         aws.streams().create(stream, 2);
 *         ...
 *     }
 * }
 * }</pre>
 */
public final class LocalAwsExtension implements ParameterResolver, TestWatcher {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalAwsExtension.class);
    private static final String KEY = LocalAws.class.getName();
    private static final int LOG_LINES_ON_FAILURE = 50;

    /** Used by JUnit. */
    public LocalAwsExtension() {
    }

    /** The run's shared {@link LocalAws}, started now if no test has used it yet. */
    public static LocalAws localAws(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(KEY, key -> new Shared(LocalAws.start()), Shared.class)
                .localAws();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalAws.class || type == TestNames.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == LocalAws.class) {
            return localAws(context);
        }
        return new TestNames(context.getTestMethod().map(Method::getName)
                .orElseGet(() -> context.getRequiredTestClass().getSimpleName()));
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        Shared shared = context.getRoot().getStore(NAMESPACE).get(KEY, Shared.class);
        if (shared == null) {
            return;
        }
        String tail = shared.localAws().logTail(LOG_LINES_ON_FAILURE);
        if (!tail.isEmpty()) {
            System.err.println("===== " + context.getDisplayName() + " failed; last " + LOG_LINES_ON_FAILURE
                    + " lines of each log of " + shared.localAws() + " =====\n" + tail + "\n=====");
        }
    }

    /**
     * The store value. JUnit 5.13+ closes {@link AutoCloseable} store values; older versions (or the feature
     * turned off) close {@code CloseableResource}s. Implementing both is closed exactly once either way.
     */
    @SuppressWarnings("deprecation")
    private record Shared(LocalAws localAws) implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            localAws.close();
        }
    }
}
