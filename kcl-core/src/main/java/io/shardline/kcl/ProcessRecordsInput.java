package io.shardline.kcl;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ShardRecordProcessor#processRecords} gets.
 *
 * @param records            the next user records of the shard, in order (KPL aggregates are unpacked); empty only
 *                           for a processor that {@link ShardRecordProcessor#processEmptyBatches() asked} for empty
 *                           batches, when a fetch brought nothing new
 * @param checkpointer       checkpoints this shard; valid during this and later callbacks of the same processor
 * @param millisBehindLatest how far the fetch was behind the tip of the shard, or -1 when unknown
 * @param atShardEnd         true when these are the last records of a closed shard ({@code shardEnded} follows)
 */
public record ProcessRecordsInput(List<KinesisClientRecord> records, RecordCheckpointer checkpointer,
        long millisBehindLatest, boolean atShardEnd) {

    /** Checks the components (non-null where the record description does not say otherwise). */
    public ProcessRecordsInput {
        records = List.copyOf(Objects.requireNonNull(records, "records"));
        Objects.requireNonNull(checkpointer, "checkpointer");
    }

    @Override
    public String toString() {
        return "ProcessRecordsInput[" + records.size() + " records of " + checkpointer.leaseKey()
                + ", millisBehindLatest=" + millisBehindLatest + (atShardEnd ? ", atShardEnd" : "") + "]";
    }
}
