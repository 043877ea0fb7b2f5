/**
 * KPL de-aggregation: {@link io.shardline.kcl.internal.kpl.Deaggregator}, a pure function from a Kinesis record to
 * its user records, with its own minimal protobuf reader (no protobuf dependency).
 */
package io.shardline.kcl.internal.kpl;
