/**
 * Internals shared with the project's own modules (checkpointer, kcl-core), nothing else: the one classifier of AWS
 * SDK errors ({@link io.shardline.lease.internal.shared.AwsErrors}) and the one set of config-validation checks
 * ({@link io.shardline.lease.internal.shared.ConfigChecks}). Not API: {@code module-info} exports this package only
 * to those modules and their {@code ArchitectureTest}s allow no other internal package of lease-coordinator.
 */
package io.shardline.lease.internal.shared;
