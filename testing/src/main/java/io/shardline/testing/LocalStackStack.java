package io.shardline.testing;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** LocalStack (Kinesis + DynamoDB) in a Docker container started by Testcontainers. Needs a Docker engine. */
final class LocalStackStack implements AwsStack {

    /** Overridable with {@code shardline.localstack.image} / {@code SHARDLINE_LOCALSTACK_IMAGE}. */
    static final String DEFAULT_IMAGE = "localstack/localstack:4.4";

    private static final Logger log = LoggerFactory.getLogger(LocalStackStack.class);

    private final LocalStackContainer container;

    private LocalStackStack(LocalStackContainer container) {
        this.container = container;
    }

    static LocalStackStack start() {
        String image = Settings.LOCALSTACK_IMAGE.valueOr(DEFAULT_IMAGE);
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(image))
                .withServices("kinesis", "dynamodb");
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw new IllegalStateException("cannot start LocalStack (" + image + ") with Testcontainers; the "
                    + "localstack backend needs a running Docker engine", e);
        }
        log.info("Started LocalStack {} at {}", image, container.getEndpoint());
        return new LocalStackStack(container);
    }

    @Override
    public Region region() {
        return Region.of(container.getRegion());
    }

    @Override
    public URI kinesisEndpoint() {
        return container.getEndpoint();
    }

    @Override
    public URI dynamoDbEndpoint() {
        return container.getEndpoint();
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey()));
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public String logTail(int lines) {
        List<String> all = Arrays.asList(container.getLogs().split("\r?\n"));
        return "----- LocalStack " + container.getDockerImageName() + " -----\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public Map<String, Long> pids() {
        return Map.of();
    }

    @Override
    public void close() {
        try {
            container.stop();
        } catch (RuntimeException e) {
            log.warn("Cannot stop the LocalStack container: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "LocalStack " + container.getDockerImageName() + " at " + container.getEndpoint();
    }
}
