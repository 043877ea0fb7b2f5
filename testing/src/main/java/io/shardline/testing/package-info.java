/**
 * Test support for Shardline and its users: Kinesis and DynamoDB on demand.
 *
 * <ul>
 *   <li>{@link io.shardline.testing.LocalAws}: starts the npm emulators (kinesis-mock and dynalite, the default),
 *       LocalStack through Testcontainers, or points at real AWS, and hands out configured SDK clients.</li>
 *   <li>{@link io.shardline.testing.StreamHelper}: create, fill, split, merge, read back and delete streams.</li>
 *   <li>{@link io.shardline.testing.LocalAwsExtension} / {@link io.shardline.testing.WithLocalAws}: one
 *       {@code LocalAws} per test run, injected into JUnit 5 tests with {@link io.shardline.testing.TestNames}.</li>
 *   <li>{@link io.shardline.testing.faults.FaultInjector} with {@link io.shardline.testing.LocalAws#withFaults}:
 *       clients whose calls can be throttled, failed, dropped or delayed while a test runs.</li>
 * </ul>
 *
 * <p>Settings (system property, else environment variable): {@code shardline.aws.backend} /
 * {@code SHARDLINE_AWS_BACKEND} ({@code emulators}, {@code localstack}, {@code aws});
 * {@code shardline.emulators.dir} (install directory); {@code shardline.emulators.logDir};
 * {@code shardline.pid.dir} / {@code SHARDLINE_PID_DIR} (a file per started emulator pid, for leak checks in
 * CI); {@code shardline.node} and {@code shardline.npm} (executables); {@code shardline.localstack.image}.
 */
package io.shardline.testing;
