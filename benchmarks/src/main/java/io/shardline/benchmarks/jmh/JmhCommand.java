package io.shardline.benchmarks.jmh;

import io.shardline.benchmarks.Results;
import io.shardline.benchmarks.harness.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code benchmarks/run jmh [regex]}: the JMH micro-benchmarks of {@code io.shardline.benchmarks.jmh} (record dispatch,
 * checkpoint bookkeeping, KPL de-aggregation) through the JMH Runner API, each RESULT line derived from a benchmark's
 * primary score ({@link JmhMetrics}). JMH's own output goes to a file in the run directory.
 */
@Command(name = "jmh", mixinStandardHelpOptions = true,
        description = "JMH micro-benchmarks: dispatch, checkpoint bookkeeping, de-aggregation (ns per operation).")
public final class JmhCommand implements Callable<Integer> {

    @Parameters(index = "0", defaultValue = ".*", description = "Regex over benchmark names (default: all).")
    String regex;

    @Option(names = "--forks", defaultValue = "1", description = "JMH forks per benchmark.")
    int forks;

    @Option(names = "--warmup", defaultValue = "2", description = "Warm-up iterations.")
    int warmupIterations;

    @Option(names = "--iterations", defaultValue = "3", description = "Measurement iterations.")
    int iterations;

    @Option(names = "--time-ms", defaultValue = "1000", description = "Length of each iteration.")
    long iterationMillis;

    @Override
    public Integer call() throws RunnerException {
        if (forks < 0 || warmupIterations < 0 || iterations < 1 || iterationMillis < 1) {
            throw new IllegalArgumentException("--forks and --warmup must be >= 0, --iterations and --time-ms >= 1,"
                    + " were " + forks + ", " + warmupIterations + ", " + iterations + ", " + iterationMillis);
        }
        Path runDir = RunDirectory.create("jmh");
        Path jmhLog = runDir.resolve("jmh.log");
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + runDir, e);
        }
        Options options = new OptionsBuilder()
                .include(JmhCommand.class.getPackageName() + ".*(" + regex + ").*")
                .forks(forks)
                .warmupIterations(warmupIterations)
                .warmupTime(TimeValue.milliseconds(iterationMillis))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.milliseconds(iterationMillis))
                .jvmArgsAppend("-Xmx512m")
                .output(jmhLog.toString())
                .build();
        System.err.println("JMH running; its log: " + jmhLog);
        Collection<RunResult> runs = new Runner(options).run();
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no JMH benchmark matches '" + regex + "'");
        }
        Results results = new Results("jmh", System.out);
        // Shardline's figures first, so that the table's ratio column reads Shardline / KCL.
        List<RunResult> sorted = runs.stream()
                .sorted(Comparator.comparing((RunResult r) -> JmhMetrics.of(r.getParams().getBenchmark())
                                .map(m -> m.system().equals("shardline") ? 0 : 1).orElse(2))
                        .thenComparing(r -> r.getParams().getBenchmark())).toList();
        for (RunResult run : sorted) {
            String benchmark = run.getParams().getBenchmark();
            double score = run.getPrimaryResult().getScore();
            JmhMetrics.of(benchmark).ifPresentOrElse(
                    metric -> {
                        results.record(metric.system(), metric.name(), score);
                        if (metric.name().equals(JmhMetrics.DISPATCH)) {
                            // One JMH thread is one core: issue 4's overhead target, measured by JMH.
                            results.record(metric.system(), "records_per_s_per_core", Math.round(1e9 / score));
                        }
                    },
                    () -> System.err.println("no RESULT metric for " + benchmark + ": " + score + " "
                            + run.getPrimaryResult().getScoreUnit()));
        }
        results.printTable();
        return 0;
    }
}
