package io.shardline.testing.smoke;

import io.shardline.testing.LocalAws;

/**
 * Started as a separate JVM by {@link LocalAwsLifecycleIT}: starts the emulators, prints their pids, and waits
 * for its standard input to close, so the test can kill it with SIGKILL while the emulators run.
 */
public final class OrphanGuardChild {

    static final String PIDS_LINE = "SHARDLINE-PIDS";

    private OrphanGuardChild() {
    }

    public static void main(String[] args) throws Exception {
        LocalAws aws = LocalAws.start(LocalAws.Backend.EMULATORS);
        System.out.println(PIDS_LINE + " " + aws.emulatorPids().get("kinesis") + " " + aws.emulatorPids().get("dynamodb"));
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close our input or to kill us
        }
        aws.close();
    }
}
