/** Shardline's checkpointer: fenced checkpoint writes over the lease store. Exports only its API. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"}) // the AWS SDK, resilience4j, micrometer
module io.shardline.checkpoint {
    requires transitive io.shardline.lease;
    requires transitive micrometer.core;
    requires org.slf4j;

    exports io.shardline.checkpoint;
}
