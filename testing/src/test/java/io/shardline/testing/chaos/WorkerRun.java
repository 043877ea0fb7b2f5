package io.shardline.testing.chaos;

import java.util.List;

/**
 * What one worker JVM (one incarnation of a worker id) journaled, and what the test did to it.
 *
 * @param name          worker id and incarnation, for messages ({@code w1#2})
 * @param events        its journal, in order
 * @param killed        it was ended with SIGKILL (its sessions stopped without a final checkpoint)
 * @param stoppedAtLines the journal's length each time it was frozen with SIGSTOP until its leases were taken over
 *                      (a zombie)
 * @param shutdownAtLine the journal's length when the test began to stop the workers at the end (or its full length)
 */
record WorkerRun(String name, List<JournalEvent> events, boolean killed, List<Integer> stoppedAtLines,
        int shutdownAtLine) {

    WorkerRun {
        events = List.copyOf(events);
        stoppedAtLines = List.copyOf(stoppedAtLines);
    }

    /** A run that went on to the end of the journal. */
    WorkerRun(String name, List<JournalEvent> events, boolean killed, List<Integer> stoppedAtLines) {
        this(name, events, killed, stoppedAtLines, events.size());
    }
}
