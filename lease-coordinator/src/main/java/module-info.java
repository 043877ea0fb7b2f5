/**
 * Shardline's lease coordinator: lease model, stores, membership, leader, assignment, handoff, fencing. Exports only
 * its API, the test support package and, to the project's own modules, {@code internal.shared}.
 */
// requires-*: the AWS SDK, resilience4j and micrometer are automatic modules; module: the qualified export names
// modules built after this one
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic", "module"})
module io.shardline.lease {
    requires transitive software.amazon.awssdk.services.dynamodb; // LeaseStore.dynamoDb(DynamoDbAsyncClient, ...)
    requires transitive software.amazon.awssdk.core;
    requires transitive software.amazon.awssdk.awscore;
    requires transitive micrometer.core; // LeaseCoordinatorMetrics is a MeterBinder
    requires io.github.resilience4j.core;
    requires io.github.resilience4j.retry;
    requires io.github.resilience4j.circuitbreaker;
    requires org.slf4j;

    exports io.shardline.lease;
    exports io.shardline.lease.testing;
    exports io.shardline.lease.internal.shared to io.shardline.checkpoint, io.shardline.kcl;
}
