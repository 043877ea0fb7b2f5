package io.shardline.benchmarks.fleet;

/**
 * How many times a scenario disturbs each system's fleet. KCL gets its own count because each of its trials takes
 * minutes (its failover plus a lease-assignment round or two to rebalance onto the replacement worker), Shardline's
 * seconds; both counts are printed with the figures.
 *
 * @param shardline trials of Shardline
 * @param kcl trials of KCL
 */
record Trials(int shardline, int kcl) {

    Trials {
        if (shardline < 1) {
            throw new IllegalArgumentException("trials (Shardline) must be at least 1, was " + shardline);
        }
        if (kcl < 1) {
            throw new IllegalArgumentException("kcl trials must be at least 1, was " + kcl);
        }
    }

    /** The count of the system called {@code system} ({@code shardline} or {@code kcl}). */
    int of(String system) {
        return switch (system) {
            case "shardline" -> shardline;
            case "kcl" -> kcl;
            default -> throw new IllegalArgumentException("system must be shardline or kcl, was " + system);
        };
    }
}
