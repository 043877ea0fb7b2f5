package io.shardline.testing.smoke;

import io.shardline.testing.LocalAws;
import io.shardline.testing.WithLocalAws;
import org.junit.jupiter.api.BeforeAll;

/**
 * The smoke checks on the run's shared {@link LocalAws}: the npm emulators unless
 * {@code -Dshardline.aws.backend=localstack|aws} (or {@code SHARDLINE_AWS_BACKEND}) says otherwise.
 */
@WithLocalAws
class SmokeIT extends SmokeChecks {

    private static LocalAws aws;

    @BeforeAll
    static void shareLocalAws(LocalAws localAws) {
        aws = localAws;
    }

    @Override
    protected LocalAws aws() {
        return aws;
    }
}
