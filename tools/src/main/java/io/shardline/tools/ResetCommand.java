package io.shardline.tools;

import io.shardline.lease.Checkpoint;
import io.shardline.lease.CheckpointUpdate;
import io.shardline.lease.HashKeyRange;
import io.shardline.lease.Lease;
import io.shardline.lease.LeaseStore;
import io.shardline.lease.WriteResult;
import io.shardline.tools.ResetPlanner.Step;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** {@code shardline reset}. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Moves the application's checkpoints to trim-horizon, latest, a timestamp or a sequence number, "
                + "lineage-aware: every shard of the stream's graph (closed ones within retention included) gets "
                + "the position of its first record at or after the target, parents before children, so a replay "
                + "never skips a record and never reorders a key. Dry run by default: prints the plan per shard; "
                + "--apply writes it.",
                "Refuses to apply while any worker of the application is alive (and names them): stop the fleet, "
                        + "apply, start it again. Each lease is written with one fenced checkpoint write and "
                        + "released (no owner), so the restarted workers take it at once. The application state "
                        + "stored with a checkpoint is cleared (it belonged to the old position).",
                "Ctrl-C while planning stops at once (nothing written); while applying, the remaining writes "
                        + "finish first (a few per shard), so the table never holds half a reset.",
                "Exit status: 0 done (or planned), 2 bad input, 4 refused (workers alive)."})
final class ResetCommand implements Callable<Integer> {

    @Mixin
    AwsOptions aws;

    @Option(names = "--to", required = true, paramLabel = "TARGET",
            description = "trim-horizon | latest | timestamp=2026-12-01T14:00:00Z | sequence=<shardId>:<seq> "
                    + "(that shard resumes after <seq>; its descendants run again after it).")
    String to;

    @Option(names = "--apply", description = "Write the plan (default: dry run, nothing written).")
    boolean apply;

    @Option(names = "--dry-run", description = "Only print the plan (the default).")
    boolean dryRun;

    @Option(names = "--observe", defaultValue = "3s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long heartbeats are watched to find live workers. Default: ${DEFAULT-VALUE}.")
    Duration observe;

    @Option(names = "--json", description = "The plan as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (apply && dryRun) {
            throw new IllegalArgumentException("--apply and --dry-run exclude each other");
        }
        ResetPlanner.Target target = ResetPlanner.Target.parse(to);
        try {
            String stream = aws.requireStream();
            FleetReader reader = FleetReader.of(aws, observe);
            reader.observeHeartbeats();
            err.println("watching heartbeats for " + observe.toMillis() + " ms to find live workers...");
            Thread.sleep(observe.toMillis());
            FleetSnapshot fleet = reader.read();
            List<String> alive = fleet.workers().stream().filter(w -> !"dead".equals(w.liveness()))
                    .map(FleetSnapshot.WorkerRow::workerId).toList();
            LeaseStore store = aws.leaseStore();
            Map<String, Lease> leases = store.list().stream()
                    .collect(Collectors.toMap(Lease::leaseKey, Function.identity()));
            ResetPlanner planner = new ResetPlanner(aws.kinesis(), stream, err);
            List<Step> plan = planner.plan(target, leases);
            print(out, plan);
            long changes = plan.stream().filter(Step::changes).count();
            if (!alive.isEmpty()) {
                out.println((apply ? "REFUSED: " : "note: ") + "workers of " + aws.application() + " are alive: "
                        + String.join(", ", alive) + " (a reset is applied to a stopped fleet; stop them first)");
                if (apply) {
                    return 4;
                }
            }
            if (!apply) {
                out.println("dry run: " + changes + " of " + plan.size() + " leases would change; run with --apply"
                        + " to write them");
                return 0;
            }
            int written = applyAll(plan, leases, planner.shards(), store, err);
            out.println("applied: " + written + " leases written (" + plan.size() + " in the plan); start the "
                    + "workers to replay");
            return 0;
        } finally {
            aws.close();
        }
    }

    private void print(PrintWriter out, List<Step> plan) {
        if (json) {
            out.println(Json.pretty(plan));
            return;
        }
        TextTable table = new TextTable("SHARD", "PARENTS", "STATE", "LEASE", "OWNER", "CHECKPOINT NOW", "RESET TO",
                "WHY");
        for (Step s : plan) {
            table.row(s.shardId(), StatusText.join(s.parents()), s.open() ? "open" : "closed",
                    s.leaseExists() ? "exists" : "created", s.owner(), StatusText.abbreviate(s.from()),
                    s.to().endsWith("/" + ResetPlanner.AFTER_EVERY_USER_RECORD)
                            ? StatusText.abbreviate(s.to().substring(0, s.to().indexOf('/'))) + "/last"
                            : StatusText.abbreviate(s.to()), s.why());
        }
        out.print(table);
    }

    /** Writes every changing step; a shutdown (Ctrl-C) waits until all are written. */
    private int applyAll(List<Step> plan, Map<String, Lease> leases, Map<String, Shard> shards, LeaseStore store,
            PrintWriter err) {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            err.println("\nfinishing the reset before exiting (a half reset is never left behind)...");
            try {
                done.await(5, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shardline-reset-finish");
        Runtime.getRuntime().addShutdownHook(hook);
        int written = 0;
        try {
            List<Step> changing = plan.stream().filter(Step::changes).toList();
            for (Step step : changing) {
                Checkpoint checkpoint = ResetPlanner.checkpointOf(step.to());
                Lease lease = leases.get(step.shardId());
                if (lease == null) {
                    Shard shard = shards.get(step.shardId());
                    Set<String> parents = Set.copyOf(step.parents());
                    HashKeyRange range = shard == null ? null : HashKeyRange.of(
                            shard.hashKeyRange().startingHashKey(), shard.hashKeyRange().endingHashKey());
                    Lease created = new Lease(step.shardId(), null, 0, checkpoint, null, 0, parents, Set.of(), range,
                            null, null, null);
                    if (!store.createIfAbsent(created)) {
                        throw new IllegalStateException("lease " + step.shardId() + " appeared while the reset "
                                + "was applied; run the reset again");
                    }
                } else {
                    WriteResult r = store.checkpoint(lease.token(), CheckpointUpdate.commit(checkpoint, null));
                    if (!(r instanceof WriteResult.Ok ok)) {
                        throw new IllegalStateException("lease " + step.shardId() + " changed while the reset was "
                                + "applied (a worker is running?); run the reset again");
                    }
                    if (ok.lease().owner() != null) {
                        store.transfer(ok.lease().token(), null);
                    }
                }
                written++;
                err.printf("\rapplying: %d/%d", written, changing.size());
                err.flush();
            }
            err.println();
            return written;
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs and waits for the countDown above
            }
        }
    }

    static Map<String, String> describe(List<Step> plan) {
        Map<String, String> m = new LinkedHashMap<>();
        plan.forEach(s -> m.put(s.shardId(), s.to()));
        return m;
    }
}
