package io.shardline.samples.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shards the demo waits to see processed again, after a split (the children) or a SIGKILL (the dead worker's
 * shards): once live workers report all of them, one event says by whom and how long it took.
 */
final class ShardWatches {

    private static final double GIVE_UP_SECONDS = 30;

    private record Watch(List<String> shardIds, double since, String what, String cause) {
    }

    private final List<Watch> pending = new ArrayList<>();

    /** Reports "{@code what} by w1 and w2, 2.1 s after the {@code cause}" once live workers process the shards. */
    void add(List<String> shardIds, double since, String what, String cause) {
        if (!shardIds.isEmpty()) {
            pending.add(new Watch(List.copyOf(shardIds), since, what, cause));
        }
    }

    /** Reports the watches whose shards are all processed by live workers now; drops those older than 30 s. */
    void check(List<WorkerView> workers, double now, LiveView view) {
        pending.removeIf(watch -> {
            List<WorkerView> live = workers.stream().filter(WorkerView::alive).toList();
            boolean all = watch.shardIds().stream()
                    .allMatch(id -> live.stream().anyMatch(w -> w.status().shards().contains(id)));
            if (all) {
                List<String> owners = live.stream()
                        .filter(w -> w.status().shards().stream().anyMatch(watch.shardIds()::contains))
                        .map(WorkerView::name).toList();
                view.event(now, String.format(Locale.ROOT, "%s by %s, %.1f s after the %s", watch.what(),
                        String.join(" and ", owners), now - watch.since(), watch.cause()));
            }
            return all || now - watch.since() > GIVE_UP_SECONDS;
        });
    }
}
