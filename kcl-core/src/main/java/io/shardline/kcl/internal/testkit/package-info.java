/**
 * Test support, not production code: {@link io.shardline.kcl.internal.testkit.FakeKinesisProxy} (an in-memory Kinesis
 * behind the internal {@code KinesisProxy}: shards with lineage, split, merge, MD5 routing, iterators, fan-out
 * subscriptions, fault injection) and {@link io.shardline.kcl.internal.testkit.ManualFetchScheduler} (a fetch
 * scheduler on virtual time). They are main code, not test code, so that kcl-core's own tests and the whole-worker
 * simulator of the {@code testing} module ({@code io.shardline.testing.sim.SimKinesis} builds on the fake) share one
 * model. The package is internal: module-info does not export it, and kcl-core's ArchitectureTest forbids every other
 * package of the module to use it.
 */
package io.shardline.kcl.internal.testkit;
