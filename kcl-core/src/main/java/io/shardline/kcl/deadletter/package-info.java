/**
 * Dead letters: where the consumer parks records it gives up on under the
 * {@link io.shardline.kcl.FailurePolicy}. {@link io.shardline.kcl.deadletter.DeadLetterSink} (with built-in sinks to a
 * Kinesis stream and to a DynamoDB table), the {@link io.shardline.kcl.deadletter.DeadLetterEntry} it stores (the whole
 * record and why it was given up) and {@link io.shardline.kcl.deadletter.DeadLetterException}.
 */
package io.shardline.kcl.deadletter;
