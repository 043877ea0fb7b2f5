package io.shardline.benchmarks.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmarks measure the work they claim: records reach the processor, aggregates unpack in full. */
class BenchmarkPathsTest {

    @Test
    void dispatchHandsEveryRecordOfEachBatchToTheProcessorOnTheCallingThread() {
        DispatchBenchmark benchmark = new DispatchBenchmark();
        benchmark.setUp();

        benchmark.shardlineDispatch();
        long records = benchmark.shardlineDispatch();

        assertThat(records).isEqualTo(2L * DispatchBenchmark.BATCH);
        benchmark.check();
    }

    @Test
    void bothDeaggregatorsUnpackEveryUserRecord() {
        DeaggregationBenchmark benchmark = new DeaggregationBenchmark();
        benchmark.setUp();

        assertThat(benchmark.shardlineDeaggregate().records()).hasSize(DeaggregationBenchmark.USER_RECORDS);
        assertThat(benchmark.kclDeaggregate()).hasSize(DeaggregationBenchmark.USER_RECORDS);
    }

    @Test
    void checkpointBookkeepingOrdersAndWrites() {
        CheckpointBenchmark benchmark = new CheckpointBenchmark();
        benchmark.setUp();

        assertThat(benchmark.shardlineSeqCompare()).isNegative();
        assertThat(benchmark.kclSeqCompare()).isNegative();
        assertThat(benchmark.shardlineCheckpointInMemory().toString()).contains(CheckpointBenchmark.SEQ_A);
    }
}
