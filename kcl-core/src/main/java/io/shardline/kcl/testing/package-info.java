/**
 * Test support, not production API: {@link io.shardline.kcl.testing.RecordingCheckpointer}, a
 * {@link io.shardline.kcl.RecordCheckpointer} that records what a processor checkpoints, for processor unit tests (this
 * module's, multilang's, an application's). It lives here, not in the {@code testing} module, because kcl-core's own
 * tests need it and cannot depend on {@code testing}. Production code never uses this package (ArchitectureTest).
 */
package io.shardline.kcl.testing;
