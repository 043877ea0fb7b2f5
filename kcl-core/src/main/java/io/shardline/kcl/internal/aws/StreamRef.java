package io.shardline.kcl.internal.aws;

import java.util.Objects;

/**
 * A stream named by its name or by its ARN; Kinesis calls accept either.
 *
 * @param name the stream name, or {@code null} when named by ARN
 * @param arn  the stream ARN, or {@code null} when named by name
 */
public record StreamRef(String name, String arn) {

    public StreamRef {
        if ((name == null) == (arn == null)) {
            throw new IllegalArgumentException("exactly one of name and arn must be set, were " + name + ", " + arn);
        }
    }

    /** A stream named by {@code nameOrArn}: an ARN when it starts with {@code arn:}, else a name. */
    public static StreamRef of(String nameOrArn) {
        Objects.requireNonNull(nameOrArn, "nameOrArn");
        return nameOrArn.startsWith("arn:") ? new StreamRef(null, nameOrArn) : new StreamRef(nameOrArn, null);
    }

    @Override
    public String toString() {
        return name != null ? name : arn;
    }
}
