/**
 * Fault injection for tests: {@link io.shardline.testing.faults.FaultInjector}, an AWS SDK execution interceptor that
 * throttles, fails with a 5xx, drops or delays calls by service and operation, switched at runtime; clients with it come
 * from {@link io.shardline.testing.LocalAws#withFaults}.
 */
package io.shardline.testing.faults;
