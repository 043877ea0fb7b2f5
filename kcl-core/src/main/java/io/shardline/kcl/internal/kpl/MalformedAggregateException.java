package io.shardline.kcl.internal.kpl;

/** A record that starts with the KPL magic bytes but is not a valid aggregate. Internal to de-aggregation. */
final class MalformedAggregateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MalformedAggregateException(String message) {
        super(message, null, false, false);
    }
}
