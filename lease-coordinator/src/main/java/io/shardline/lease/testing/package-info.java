/**
 * Test support, not production API: the in-memory lease and coordination tables ({@link
 * io.shardline.lease.testing.InMemoryLeaseStore}, {@link io.shardline.lease.testing.InMemoryCoordinationStore}) with
 * the same conditional semantics as the DynamoDB stores, their cost counters ({@link
 * io.shardline.lease.testing.OperationCounts} per {@link io.shardline.lease.testing.StoreOperation}) and fault injection
 * ({@link io.shardline.lease.testing.StoreInstrumentation}). For unit tests, the in-process test kit in the
 * {@code testing} module, the lease simulation and the benchmarks. Production code never uses this package (an
 * {@code ArchitectureTest} rule in each library module checks it).
 */
package io.shardline.lease.testing;
