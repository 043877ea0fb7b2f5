package io.shardline.tools;

import io.shardline.kcl.deadletter.DeadLetterEntry;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shardline dlq list|show|redrive}. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Dead letters of either built-in sink (--dlq-table or --dlq-stream): list them, show one, "
                + "redrive some back into a stream.",
        subcommands = {DlqCommand.ListEntries.class, DlqCommand.Show.class, DlqCommand.Redrive.class})
final class DlqCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Exactly one sink. */
    static final class SinkOptions {
        @Option(names = "--dlq-table", required = true, paramLabel = "TABLE",
                description = "The DynamoDB dead-letter table (DeadLetterSink.dynamoDbTable).")
        String table;

        @Option(names = "--dlq-stream", required = true, paramLabel = "NAME|ARN",
                description = "The Kinesis dead-letter stream (DeadLetterSink.kinesisStream).")
        String stream;

        DeadLetters.Sink sink() {
            return table != null ? new DeadLetters.TableSink(table) : new DeadLetters.StreamSink(stream);
        }
    }

    abstract static class Base implements Callable<Integer> {
        @Mixin
        AwsOptions aws;

        @ArgGroup(exclusive = true, multiplicity = "1")
        SinkOptions sinkOptions;

        @Spec
        CommandSpec spec;

        DeadLetters deadLetters() {
            return new DeadLetters(aws.kinesis(), aws.dynamoDb(), sinkOptions.sink());
        }

        /** The application's entries (a sink may be shared by applications). */
        Map<String, DeadLetterEntry> entries(DeadLetters dlq) {
            Map<String, DeadLetterEntry> mine = new LinkedHashMap<>();
            dlq.list().forEach((k, e) -> {
                if (e.application().equals(aws.application())) {
                    mine.put(k, e);
                }
            });
            return mine;
        }

        @Override
        public final Integer call() throws Exception {
            try {
                return run(spec.commandLine().getOut(), spec.commandLine().getErr());
            } finally {
                aws.close();
            }
        }

        abstract int run(PrintWriter out, PrintWriter err) throws Exception;
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every dead letter of the application: id (the record key), shard, sequence, reason, "
                    + "error, attempts, when.")
    static final class ListEntries extends Base {
        @Option(names = "--json", description = "JSON instead of a table.")
        boolean json;

        @Override
        int run(PrintWriter out, PrintWriter err) {
            Map<String, DeadLetterEntry> entries = entries(deadLetters());
            if (json) {
                List<Map<String, Object>> rows = new ArrayList<>();
                entries.forEach((id, e) -> rows.add(row(id, e)));
                out.println(Json.pretty(rows));
                return 0;
            }
            TextTable table = new TextTable("ID", "SHARD", "SEQUENCE", "REASON", "ERROR", "ATTEMPTS", "FAILED AT",
                    "BYTES");
            entries.forEach((id, e) -> table.row(id, e.shardId(), e.sequenceNumber() + "/" + e.subSequenceNumber(),
                    e.reason(), e.errorClass() == null ? null : simple(e.errorClass()) + ": " + e.errorMessage(),
                    e.attempts(), e.failedAt(), e.data().remaining()));
            out.print(table);
            out.println(entries.size() + " dead letters of " + aws.application() + " in "
                    + sinkOptions.sink().describe());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One dead letter with its payload.")
    static final class Show extends Base {
        @Parameters(index = "0", paramLabel = "ID", description = "The entry's id (see dlq list).")
        String id;

        @Override
        int run(PrintWriter out, PrintWriter err) {
            DeadLetterEntry e = entries(deadLetters()).get(id);
            if (e == null) {
                throw new IllegalArgumentException("no dead letter " + id + " of " + aws.application() + " in "
                        + sinkOptions.sink().describe());
            }
            Map<String, Object> row = row(id, e);
            String text = DeadLetters.printable(e);
            row.put("payload", text != null ? text : java.util.Base64.getEncoder().encodeToString(e.dataAsBytes()));
            row.put("payloadEncoding", text != null ? "utf-8" : "base64");
            out.println(Json.pretty(row));
            return 0;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = {"Puts the payloads of the chosen dead letters back into a stream (by default the stream "
                    + "each came from), with their partition and explicit hash keys: the application processes them "
                    + "again. Progress on stderr, a summary on stdout.",
                    "Nothing is deleted before it was re-put: with --delete (table sink only) an entry is deleted "
                            + "right after its own put succeeded. Ctrl-C stops after the entry in flight and prints "
                            + "the summary; every entry is either sent (and deleted, with --delete) or untouched."})
    static final class Redrive extends Base {
        @Parameters(paramLabel = "ID", arity = "0..*", description = "Entries to redrive (see dlq list).")
        List<String> ids = new ArrayList<>();

        @Option(names = "--all", description = "Every dead letter of the application.")
        boolean all;

        @Option(names = "--to", paramLabel = "NAME|ARN", description = "Target stream. Default: each entry's own.")
        String to;

        @Option(names = "--delete", description = "Delete each entry from the table sink once re-put.")
        boolean delete;

        @Override
        int run(PrintWriter out, PrintWriter err) throws InterruptedException {
            if (all == !ids.isEmpty()) {
                throw new IllegalArgumentException("give either entry ids or --all");
            }
            DeadLetters dlq = deadLetters();
            if (delete && !(dlq.sink() instanceof DeadLetters.TableSink)) {
                throw new IllegalArgumentException("--delete works on a --dlq-table sink only");
            }
            Map<String, DeadLetterEntry> entries = entries(dlq);
            List<DeadLetterEntry> chosen = new ArrayList<>();
            for (String id : all ? List.copyOf(entries.keySet()) : ids) {
                DeadLetterEntry e = entries.get(id);
                if (e == null) {
                    throw new IllegalArgumentException("no dead letter " + id + " of " + aws.application());
                }
                chosen.add(e);
            }
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch finished = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                stop.set(true);
                try {
                    finished.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "shardline-redrive-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            int sent = 0;
            int deleted = 0;
            List<String> failures = new ArrayList<>();
            try {
                for (DeadLetterEntry e : chosen) {
                    if (stop.get() || Thread.currentThread().isInterrupted()) {
                        break;
                    }
                    String target = to != null ? to : e.stream();
                    try {
                        String seq = dlq.redrive(e, target);
                        sent++;
                        out.println("sent " + e.recordKey() + " -> " + target + " " + seq);
                        if (delete) {
                            dlq.delete(e);
                            deleted++;
                        }
                    } catch (RuntimeException failure) {
                        Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                        failures.add(e.recordKey() + ": " + cause.getMessage());
                    }
                    progress(err, sent + failures.size(), chosen.size(), sent, failures.size());
                }
                err.println();
                int untouched = chosen.size() - sent - failures.size();
                out.println("redrive summary: selected " + chosen.size() + ", sent " + sent + ", failed "
                        + failures.size() + ", deleted " + deleted + ", not attempted " + untouched
                        + (untouched > 0 ? " (interrupted)" : ""));
                failures.forEach(f -> out.println("  failed " + f));
                out.flush();
                return failures.isEmpty() && untouched == 0 ? 0 : 1;
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for the countDown above
                }
            }
        }

        private static void progress(PrintWriter err, int done, int total, int sent, int failed) {
            int width = 30;
            int filled = total == 0 ? width : done * width / total;
            err.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total
                    + "  sent " + sent + "  failed " + failed);
            err.flush();
        }
    }

    static Map<String, Object> row(String id, DeadLetterEntry e) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("stream", e.stream());
        row.put("shardId", e.shardId());
        row.put("sequenceNumber", e.sequenceNumber());
        row.put("subSequenceNumber", e.subSequenceNumber());
        row.put("partitionKey", e.partitionKey());
        row.put("reason", e.reason().name());
        row.put("errorClass", e.errorClass());
        row.put("errorMessage", e.errorMessage());
        row.put("attempts", e.attempts());
        row.put("arrivedAt", e.arrivedAt().toString());
        row.put("failedAt", e.failedAt().toString());
        row.put("workerId", e.workerId());
        row.put("bytes", e.data().remaining());
        return row;
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
