package io.shardline.testing.smoke;

import io.shardline.testing.LocalAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The smoke checks on LocalStack through Testcontainers. Skipped (not failed) where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackSmokeIT extends SmokeChecks {

    private static LocalAws aws;

    @BeforeAll
    static void startLocalStack() {
        aws = LocalAws.start(LocalAws.Backend.LOCALSTACK);
    }

    @AfterAll
    static void stopLocalStack() {
        if (aws != null) {
            aws.close();
        }
    }

    @Override
    protected LocalAws aws() {
        return aws;
    }
}
