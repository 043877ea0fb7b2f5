package io.shardline.benchmarks.harness;

import io.shardline.benchmarks.harness.WorkerLine.Change;
import java.io.PrintStream;
import java.nio.ByteBuffer;

/** What a worker main prints: its protocol lines on stdout, stamped with the wall clock and its worker id. */
public final class WorkerOutput {

    private final String workerId;
    private final LineProtocol.Writer writer;

    public WorkerOutput(String workerId, PrintStream out) {
        this.workerId = token(workerId);
        this.writer = LineProtocol.writer(out);
    }

    public void ready() {
        writer.print(new WorkerLine.Ready(System.currentTimeMillis(), workerId));
    }

    /** One record handed to the processor; {@code data} is read without moving its position. */
    public void delivered(String shardId, String sequenceNumber, String partitionKey, ByteBuffer data) {
        writer.print(new WorkerLine.Delivery(System.currentTimeMillis(), workerId, shardId, sequenceNumber,
                token(partitionKey), payload(data)));
    }

    public void lease(Change change, String shardId) {
        writer.print(new WorkerLine.LeaseChange(System.currentTimeMillis(), workerId, change, shardId));
    }

    private static Payload payload(ByteBuffer data) {
        if (data == null || data.remaining() > 64) {
            return null;
        }
        byte[] bytes = new byte[data.remaining()];
        data.duplicate().get(bytes);
        return Payload.parse(bytes).orElse(null);
    }

    /** Whitespace would break the line format: replace it. */
    private static String token(String text) {
        return text.isEmpty() ? "_" : text.replaceAll("\\s", "_");
    }
}
