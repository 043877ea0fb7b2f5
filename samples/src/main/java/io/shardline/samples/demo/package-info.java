/**
 * The one-command demo ({@code ./demo}): local emulators, a producer and several counting-app workers as separate
 * JVMs, a live view, a shard split and a SIGKILL part-way, and a verification of what the workers processed against
 * what the producer put, ending with one {@code VERIFIED ...} line.
 */
package io.shardline.samples.demo;
