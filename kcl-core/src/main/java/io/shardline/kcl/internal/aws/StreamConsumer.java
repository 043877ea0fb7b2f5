package io.shardline.kcl.internal.aws;

import java.util.Objects;

/**
 * An enhanced fan-out consumer registered on a stream.
 *
 * @param name   the consumer's name
 * @param arn    its ARN, the one {@code SubscribeToShard} takes
 * @param status {@code CREATING}, {@code ACTIVE} or {@code DELETING}
 */
public record StreamConsumer(String name, String arn, String status) {

    public StreamConsumer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(status, "status");
    }

    public boolean isActive() {
        return "ACTIVE".equals(status);
    }
}
