package io.shardline.kcl.advisor;

import java.util.Objects;

/**
 * What became of a {@link ReshardAction} the advisor was asked to apply.
 *
 * @param action  the action
 * @param outcome applied, only logged (dry run), refused by a guardrail, or failed at Kinesis
 * @param detail  why, in a sentence
 */
public record ApplyResult(ReshardAction action, Outcome outcome, String detail) {

    public enum Outcome { APPLIED, DRY_RUN, REFUSED, FAILED }

    public ApplyResult {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
    }
}
