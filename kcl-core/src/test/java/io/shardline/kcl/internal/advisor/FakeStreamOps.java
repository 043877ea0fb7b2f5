package io.shardline.kcl.internal.advisor;

import io.shardline.kcl.advisor.CapacityMode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** An in-memory stream: calls are recorded; status and shards are set by the test. */
final class FakeStreamOps implements StreamOps {

    CapacityMode mode = CapacityMode.PROVISIONED;
    String status = "ACTIVE";
    List<OpenShard> shards = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    RuntimeException failure;

    FakeStreamOps(int shardCount) {
        for (int i = 0; i < shardCount; i++) {
            shards.add(new OpenShard("shardId-" + i, Loads.start(i, shardCount), Loads.end(i, shardCount)));
        }
    }

    @Override
    public StreamState describe() {
        return new StreamState(mode, status, shards);
    }

    @Override
    public void split(String shardId, BigInteger newStartingHashKey) {
        call("split " + shardId + " at " + newStartingHashKey);
    }

    @Override
    public void merge(String shardId, String adjacentShardId) {
        call("merge " + shardId + " " + adjacentShardId);
    }

    @Override
    public void updateShardCount(int target) {
        call("update " + target);
    }

    private void call(String what) {
        if (failure != null) {
            throw failure;
        }
        calls.add(what);
    }
}
