package io.shardline.benchmarks.harness;

import io.shardline.benchmarks.harness.WorkerLine.Change;
import io.shardline.benchmarks.harness.WorkerLine.Delivery;
import io.shardline.benchmarks.harness.WorkerLine.LeaseChange;
import io.shardline.benchmarks.harness.WorkerLine.Ready;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;

/**
 * Formats and parses the worker line protocol (see {@link WorkerLine}). Workers print through {@link #writer}; the
 * driver parses each stdout line with {@link #parse}, and ignores lines that are not protocol lines.
 */
public final class LineProtocol {

    private LineProtocol() {
    }

    /** Formats one line. */
    public static String format(WorkerLine line) {
        if (line instanceof Ready r) {
            return "READY " + r.atMillis() + " " + r.workerId();
        }
        if (line instanceof Delivery d) {
            return "EVENT " + d.atMillis() + " " + d.workerId() + " " + d.shardId() + " " + d.sequenceNumber() + " "
                    + d.partitionKey() + " " + (d.payload() == null ? "-" : d.payload().text());
        }
        LeaseChange l = (LeaseChange) line;
        return "LEASE " + l.atMillis() + " " + l.workerId() + " " + l.change().name().toLowerCase(Locale.ROOT) + " "
                + l.shardId();
    }

    /** A protocol line, or empty for any other output (log lines that reached stdout, blank lines). */
    public static Optional<WorkerLine> parse(String text) {
        String[] f = text.strip().split(" ");
        try {
            return switch (f[0]) {
                case "READY" -> f.length == 3 ? Optional.of(new Ready(Long.parseLong(f[1]), f[2])) : Optional.empty();
                case "EVENT" -> f.length == 7
                        ? Optional.of(new Delivery(Long.parseLong(f[1]), f[2], f[3], f[4], f[5],
                                Payload.parse(f[6]).orElse(null)))
                        : Optional.empty();
                case "LEASE" -> f.length == 5
                        ? Optional.of(new LeaseChange(Long.parseLong(f[1]), f[2],
                                Change.valueOf(f[3].toUpperCase(Locale.ROOT)), f[4]))
                        : Optional.empty();
                default -> Optional.empty();
            };
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** What a worker main prints its lines with: one {@code println} per line on a shared stream, flushed. */
    public static final class Writer {
        private final PrintStream out;

        Writer(PrintStream out) {
            this.out = out;
        }

        public void print(WorkerLine line) {
            String text = format(line);
            synchronized (out) {
                out.println(text);
                out.flush();
            }
        }
    }

    /** A writer on {@code out}. Worker mains pass {@code System.out}, after pointing their logging at stderr. */
    public static Writer writer(PrintStream out) {
        return new Writer(out);
    }
}
