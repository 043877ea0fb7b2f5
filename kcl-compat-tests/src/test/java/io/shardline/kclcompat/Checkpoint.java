package io.shardline.kclcompat;

import java.math.BigInteger;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A lease's {@code checkpoint} / {@code checkpointSubSequenceNumber} as written to the table: a sequence number, or
 * a sentinel ({@code TRIM_HORIZON}, {@code LATEST}, {@code AT_TIMESTAMP}: nothing processed; {@code SHARD_END}:
 * everything).
 */
record Checkpoint(String value, long subSequenceNumber) {

    static final Checkpoint TRIM_HORIZON = new Checkpoint("TRIM_HORIZON", 0);

    static Checkpoint of(Map<String, AttributeValue> row) {
        if (!row.containsKey("checkpoint")) {
            return TRIM_HORIZON;
        }
        AttributeValue sub = row.get("checkpointSubSequenceNumber");
        return new Checkpoint(row.get("checkpoint").s(), sub == null ? 0 : Long.parseLong(sub.n()));
    }

    boolean isShardEnd() {
        return value.equals("SHARD_END");
    }

    /** Whether a (plain, not aggregated) record at {@code sequenceNumber} is at or before this checkpoint. */
    boolean covers(BigInteger sequenceNumber) {
        if (isShardEnd()) {
            return true;
        }
        if (!Character.isDigit(value.charAt(0))) {
            return false;
        }
        return sequenceNumber.compareTo(new BigInteger(value)) <= 0;
    }

    @Override
    public String toString() {
        return subSequenceNumber == 0 ? value : value + "/" + subSequenceNumber;
    }
}
