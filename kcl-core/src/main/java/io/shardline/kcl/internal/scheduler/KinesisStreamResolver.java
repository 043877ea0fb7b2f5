package io.shardline.kcl.internal.scheduler;

import io.shardline.kcl.StreamIdentifier;
import io.shardline.kcl.internal.aws.KinesisErrors;
import io.shardline.kcl.internal.aws.KinesisProxy;
import io.shardline.kcl.internal.aws.StreamRef;
import io.shardline.kcl.internal.aws.StreamSummary;
import io.shardline.kcl.internal.multistream.TrackedStreams;
import io.shardline.kcl.retrieval.RetrievalException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves a stream name or ARN to KCL's identifier with one {@code DescribeStreamSummary}: the account from the
 * stream ARN, the creation epoch (seconds) from {@code StreamCreationTimestamp}, as KCL does. A
 * {@code ResourceNotFoundException} (or a stream being deleted) means the stream is absent.
 */
final class KinesisStreamResolver implements TrackedStreams.Resolver {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final KinesisProxy kinesis;

    KinesisStreamResolver(KinesisProxy kinesis) {
        this.kinesis = kinesis;
    }

    @Override
    public StreamIdentifier resolve(String streamNameOrArn) {
        StreamSummary summary;
        try {
            summary = kinesis.describeStreamSummary(StreamRef.of(streamNameOrArn))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = KinesisErrors.unwrap(e);
            if (cause instanceof RetrievalException r && "ResourceNotFoundException".equals(r.errorCode())) {
                throw new TrackedStreams.StreamAbsentException(r.getMessage(), r);
            }
            throw cause instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("DescribeStreamSummary of " + streamNameOrArn + " failed", cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("DescribeStreamSummary of " + streamNameOrArn + " did not answer within "
                    + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + streamNameOrArn, e);
        }
        if ("DELETING".equals(summary.status())) {
            throw new TrackedStreams.StreamAbsentException("stream " + streamNameOrArn + " is being deleted", null);
        }
        if (summary.creationTimestamp() == null) {
            throw new IllegalStateException("DescribeStreamSummary of " + streamNameOrArn
                    + " has no StreamCreationTimestamp: cannot form its multi-stream lease keys");
        }
        return StreamIdentifier.fromArn(summary.streamArn(), summary.creationTimestamp().getEpochSecond());
    }
}
