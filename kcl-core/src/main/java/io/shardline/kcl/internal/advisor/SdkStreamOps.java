package io.shardline.kcl.internal.advisor;

import io.shardline.kcl.advisor.CapacityMode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/** {@link StreamOps} on the application's {@link KinesisAsyncClient}. Each call waits at most {@link #TIMEOUT}. */
public final class SdkStreamOps implements StreamOps {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KinesisAsyncClient kinesis;
    private final String stream;

    public SdkStreamOps(KinesisAsyncClient kinesis, String stream) {
        this.kinesis = kinesis;
        this.stream = stream;
    }

    @Override
    public StreamState describe() {
        DescribeStreamSummaryResponse summary = await("DescribeStreamSummary",
                kinesis.describeStreamSummary(b -> b.streamName(stream)));
        var details = summary.streamDescriptionSummary().streamModeDetails();
        CapacityMode mode = details != null && details.streamMode() == StreamMode.ON_DEMAND
                ? CapacityMode.ON_DEMAND : CapacityMode.PROVISIONED;
        List<OpenShard> open = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListShardsResponse page = await("ListShards", kinesis.listShards(b -> {
                if (next == null) {
                    b.streamName(stream);
                } else {
                    b.nextToken(next);
                }
            }));
            for (Shard s : page.shards()) {
                if (s.sequenceNumberRange().endingSequenceNumber() == null) {
                    open.add(new OpenShard(s.shardId(), new BigInteger(s.hashKeyRange().startingHashKey()),
                            new BigInteger(s.hashKeyRange().endingHashKey())));
                }
            }
            token = page.nextToken();
        } while (token != null);
        return new StreamState(mode, summary.streamDescriptionSummary().streamStatusAsString(), open);
    }

    @Override
    public void split(String shardId, BigInteger newStartingHashKey) {
        await("SplitShard", kinesis.splitShard(b -> b.streamName(stream).shardToSplit(shardId)
                .newStartingHashKey(newStartingHashKey.toString())));
    }

    @Override
    public void merge(String shardId, String adjacentShardId) {
        await("MergeShards", kinesis.mergeShards(b -> b.streamName(stream).shardToMerge(shardId)
                .adjacentShardToMerge(adjacentShardId)));
    }

    @Override
    public void updateShardCount(int target) {
        await("UpdateShardCount", kinesis.updateShardCount(b -> b.streamName(stream).targetShardCount(target)
                .scalingType(ScalingType.UNIFORM_SCALING)));
    }

    private <T> T await(String operation, CompletableFuture<T> call) {
        try {
            return call.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(operation + " on stream " + stream + " interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(operation + " on stream " + stream + " failed: " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new IllegalStateException(operation + " on stream " + stream + " took over " + TIMEOUT, e);
        }
    }
}
