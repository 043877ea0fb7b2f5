package io.shardline.kcl.internal.multistream;

import static org.assertj.core.api.Assertions.assertThat;

import io.shardline.kcl.FormerStreamLeases;
import io.shardline.kcl.StreamIdentifier;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FormerStreamsTest {

    private static final StreamIdentifier A = StreamIdentifier.parse("1:a:10");
    private static final StreamIdentifier B = StreamIdentifier.parse("1:b:10");
    private static final StreamIdentifier C = StreamIdentifier.parse("1:c:10");
    private static final long SECOND = 1_000_000_000L;

    private final FormerStreams former = new FormerStreams();

    @Test
    void keepNeverDeletes() {
        assertThat(former.toDelete(FormerStreamLeases.keep(), Set.of(A, B), Set.of(), List.of(), 0)).isEmpty();
        assertThat(former.toDelete(FormerStreamLeases.keep(), Set.of(A, B), Set.of(), List.of(), 1000 * SECOND))
                .isEmpty();
    }

    @Test
    void deleteAfterWaitsTheDelayFromWhenTheStreamWasFirstSeenAbsent() {
        FormerStreamLeases strategy = FormerStreamLeases.deleteAfter(Duration.ofSeconds(30));

        assertThat(former.toDelete(strategy, Set.of(A, B), Set.of(A), List.of(), 0)).isEmpty();
        assertThat(former.toDelete(strategy, Set.of(A, B), Set.of(A), List.of(), 29 * SECOND)).isEmpty();
        assertThat(former.toDelete(strategy, Set.of(A, B), Set.of(A), List.of(), 30 * SECOND)).containsExactly(B);
    }

    @Test
    void aStreamTrackedAgainStartsItsDelayOver() {
        FormerStreamLeases strategy = FormerStreamLeases.deleteAfter(Duration.ofSeconds(30));
        former.toDelete(strategy, Set.of(B), Set.of(), List.of(), 0);
        former.toDelete(strategy, Set.of(B), Set.of(B), List.of(), 20 * SECOND); // back in the tracker

        assertThat(former.toDelete(strategy, Set.of(B), Set.of(), List.of(), 40 * SECOND)).isEmpty();
        assertThat(former.toDelete(strategy, Set.of(B), Set.of(), List.of(), 70 * SECOND)).containsExactly(B);
    }

    @Test
    void deleteListedDeletesOnlyNamedUntrackedStreamsThatHaveLeases() {
        FormerStreamLeases strategy = FormerStreamLeases.deleteListed(() -> List.of(A, B, C), Duration.ZERO);

        // A is still tracked (never deleted), C has no leases; only B goes
        assertThat(former.toDelete(strategy, Set.of(A, B), Set.of(A), List.of(A, B, C), 5 * SECOND))
                .containsExactly(B);
        // a stream the supplier does not name stays, even when untracked
        assertThat(former.toDelete(strategy, Set.of(A, B), Set.of(), List.of(A), 6 * SECOND)).containsExactly(A);
    }
}
