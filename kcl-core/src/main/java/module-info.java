/**
 * Shardline's consumer: scheduler, shard consumers, fetchers, processor API. Exports only its public packages and the
 * test support package; {@code io.shardline.kcl.internal..} is not exported (the simulator in shardline-testing, whose
 * ArchitectureTest allows only {@code io.shardline.testing.sim} to, and benchmarks, both on the class path, are the
 * only other code that reaches into it). {@code io.shardline.kcl.internal.testkit} (the in-memory Kinesis shared by
 * kcl-core's tests and that simulator) is main code but internal too, and unused by the rest of the module
 * (ArchitectureTest).
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // the AWS SDK, resilience4j, micrometer
module io.shardline.kcl {
    requires transitive io.shardline.checkpoint;
    requires transitive io.shardline.lease;
    requires transitive software.amazon.awssdk.services.kinesis; // ConsumerConfig takes the user's KinesisAsyncClient
    requires transitive software.amazon.awssdk.services.dynamodb;
    requires transitive software.amazon.awssdk.core;
    requires transitive software.amazon.awssdk.awscore;
    requires transitive micrometer.core;
    requires io.github.resilience4j.core;
    requires io.github.resilience4j.retry;
    requires com.fasterxml.jackson.databind;
    requires org.reactivestreams;
    requires org.slf4j;

    exports io.shardline.kcl;
    exports io.shardline.kcl.advisor;
    exports io.shardline.kcl.deadletter;
    exports io.shardline.kcl.kpl;
    exports io.shardline.kcl.retrieval;
    exports io.shardline.kcl.testing;
}
