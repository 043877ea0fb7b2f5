package io.shardline.lease.internal.dynamodb;

import io.shardline.lease.internal.CallDeadline;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;

/**
 * The user's {@link DynamoDbAsyncClient} with timeouts of the library's own on every request: each
 * {@link DynamoDbRequest} gets {@code apiCallTimeout} and {@code apiCallAttemptTimeout} in its override configuration
 * from {@link CallDeadline#current()}, whatever the client was built with (the README's
 * {@code DynamoDbAsyncClient.create()} has none, so a stalled table would otherwise hang every call). A dynamic proxy
 * so that every operation, including ones added later, is covered: request-object methods get the timeouts,
 * builder-consumer variants run their interface default (which builds the request and calls the request-object
 * method on this proxy), anything else goes to the client unchanged.
 */
final class TimedDynamoDbClient implements InvocationHandler {

    private final DynamoDbAsyncClient delegate;

    private TimedDynamoDbClient(DynamoDbAsyncClient delegate) {
        this.delegate = delegate;
    }

    /** {@code client} with the library's timeouts on every request (idempotent). */
    static DynamoDbAsyncClient wrap(DynamoDbAsyncClient client) {
        if (Proxy.isProxyClass(client.getClass())
                && Proxy.getInvocationHandler(client) instanceof TimedDynamoDbClient) {
            return client;
        }
        return (DynamoDbAsyncClient) Proxy.newProxyInstance(DynamoDbAsyncClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbAsyncClient.class}, new TimedDynamoDbClient(client));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (args != null && args.length == 1) {
            if (args[0] instanceof DynamoDbRequest request) {
                return call(method, new Object[] {withTimeouts(request)});
            }
            if (args[0] instanceof Consumer<?> && method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
        }
        if (method.getDeclaringClass() == Object.class && "toString".equals(method.getName())) {
            return "Timed(" + delegate + ")";
        }
        return call(method, args);
    }

    private Object call(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static DynamoDbRequest withTimeouts(DynamoDbRequest request) {
        CallDeadline.Timeouts t = CallDeadline.current();
        AwsRequestOverrideConfiguration.Builder o = request.overrideConfiguration()
                .map(AwsRequestOverrideConfiguration::toBuilder)
                .orElseGet(AwsRequestOverrideConfiguration::builder);
        o.apiCallTimeout(t.apiCallTimeout()).apiCallAttemptTimeout(t.attemptTimeout());
        return (DynamoDbRequest) request.toBuilder().overrideConfiguration(o.build()).build();
    }
}
