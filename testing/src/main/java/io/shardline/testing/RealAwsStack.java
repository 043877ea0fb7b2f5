package io.shardline.testing;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** Real AWS: the SDK's default credential chain and region; nothing is started or stopped. */
final class RealAwsStack implements AwsStack {

    private final Region region;

    private RealAwsStack(Region region) {
        this.region = region;
    }

    static RealAwsStack start() {
        Region region;
        try {
            region = new DefaultAwsRegionProviderChain().getRegion();
        } catch (RuntimeException e) {
            throw new IllegalStateException("the aws backend needs a region (AWS_REGION or a profile)", e);
        }
        return new RealAwsStack(region);
    }

    @Override
    public Region region() {
        return region;
    }

    @Override
    public URI kinesisEndpoint() {
        return null;
    }

    @Override
    public URI dynamoDbEndpoint() {
        return null;
    }

    @Override
    public AwsCredentialsProvider credentials() {
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public boolean local() {
        return false;
    }

    @Override
    public String logTail(int lines) {
        return "";
    }

    @Override
    public Map<String, Long> pids() {
        return Map.of();
    }

    @Override
    public void close() {
        // nothing was started
    }

    @Override
    public String toString() {
        return "real AWS in " + region;
    }
}
