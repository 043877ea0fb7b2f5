/**
 * In-process test kit for applications: {@link io.shardline.testing.kit.ProcessorHarness} drives a
 * {@link io.shardline.kcl.ShardRecordProcessor} through its lifecycle with real fenced checkpoints on an in-memory
 * lease table, in the test's thread.
 */
package io.shardline.testing.kit;
