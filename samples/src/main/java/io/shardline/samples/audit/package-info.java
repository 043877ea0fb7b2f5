/**
 * The audit app: a second application on the same stream as the counting app, with its own name and lease table,
 * started later and reading from a timestamp back in the stream's retention ({@code AT_TIMESTAMP}). It gets the same
 * records, in the same order per key, as the counting app did, and checks each key's producer sequence numbers: in
 * order, repeated (a replay after a failover), missing (a gap) or late (a first delivery out of order).
 */
package io.shardline.samples.audit;
