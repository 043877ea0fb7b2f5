package io.shardline.kclcompat;

import java.math.BigInteger;

/**
 * One record delivered to a processor: by whom, in which position of that consumer's deliveries ({@code order}),
 * from which shard, and the record's sequence number, partition key and index (its data is {@code key-k#index}).
 */
record Delivery(String consumer, long order, String shardId, BigInteger sequenceNumber, long subSequenceNumber,
                String key, int index) {

    static Delivery of(String consumer, long order, String shardId, String sequenceNumber, long subSequenceNumber,
                       String key, String data) {
        return new Delivery(consumer, order, shardId, new BigInteger(sequenceNumber), subSequenceNumber, key,
                Integer.parseInt(data.substring(data.indexOf('#') + 1)));
    }
}
