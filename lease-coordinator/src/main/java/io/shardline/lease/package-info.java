/**
 * Leases and their coordination, storage-neutral and Kinesis-free.
 *
 * <ul>
 *   <li>Model: {@link io.shardline.lease.Lease}, {@link io.shardline.lease.LeaseToken} (the fence),
 *       {@link io.shardline.lease.Checkpoint}, {@link io.shardline.lease.WriteResult}.</li>
 *   <li>Storage: {@link io.shardline.lease.LeaseStore} and {@link io.shardline.lease.CoordinationStore}, each with a
 *       DynamoDB and an instrumented in-memory implementation.</li>
 *   <li>Coordination: {@link io.shardline.lease.LeaseCoordinator} (threaded) and
 *       {@link io.shardline.lease.PolledLeaseCoordinator} (driven by {@code poll(now)}), configured by
 *       {@link io.shardline.lease.LeaseCoordinatorConfig}, reporting {@link io.shardline.lease.LeaseEvent}s to a
 *       {@link io.shardline.lease.LeaseListener}; assignment is an {@link io.shardline.lease.AssignmentStrategy}
 *       over {@link io.shardline.lease.LeaseEligibility eligible} leases.</li>
 * </ul>
 *
 * <p>Everything in {@code io.shardline.lease.internal} is implementation; other modules must not use it (enforced
 * by ArchUnit).
 */
package io.shardline.lease;
