package io.shardline.benchmarks.cost;

/**
 * Lease-table cost at DynamoDB on-demand prices, us-east-1, after the November 2024 reduction: USD 0.625 per million
 * write request units and USD 0.125 per million read request units. Each request is counted as one unit (lease and
 * coordination items are under 1 KB; a read as one unit is the strongly consistent price of a small item, so
 * eventually consistent reads are over-counted by 2x and multi-item Scans/Queries under-counted).
 */
public final class LeaseTableCost {

    public static final double USD_PER_MILLION_WRITES = 0.625;
    public static final double USD_PER_MILLION_READS = 0.125;
    static final double SECONDS_PER_MONTH = 730 * 3600.0;

    private LeaseTableCost() {}

    /** USD per month of an application sending {@code writesPerSecond} and {@code readsPerSecond} in total. */
    public static double usdPerMonth(double writesPerSecond, double readsPerSecond) {
        if (writesPerSecond < 0 || readsPerSecond < 0) {
            throw new IllegalArgumentException("rates must be >= 0, were writesPerSecond=" + writesPerSecond
                    + " readsPerSecond=" + readsPerSecond);
        }
        return SECONDS_PER_MONTH / 1e6 * (writesPerSecond * USD_PER_MILLION_WRITES
                + readsPerSecond * USD_PER_MILLION_READS);
    }
}
