/**
 * Shardline's samples: each sample is a picocli command, runnable alone ({@code main}) or through {@link
 * io.shardline.samples.Samples}. See {@code docs/samples.md} for their command lines.
 *
 * <ul>
 *   <li>{@link io.shardline.samples.counting} counts records per partition key and exports the counts;</li>
 *   <li>{@link io.shardline.samples.windowing} aggregates tumbling windows per key, exactly once across failover,
 *       with the open windows committed as state with the checkpoint;</li>
 *   <li>{@link io.shardline.samples.producer} writes skewed (Zipf) keys at a given rate, optionally KPL-aggregated;</li>
 *   <li>{@link io.shardline.samples.audit} is a second application on the same stream, replaying from a timestamp
 *       and checking each key's sequence;</li>
 *   <li>{@link io.shardline.samples.demo} is what {@code ./demo} runs.</li>
 * </ul>
 *
 * <p>The samples use only the library's public packages (enforced by {@code ArchitectureTest}).
 */
package io.shardline.samples;
