package io.shardline.kcl;

import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/** SDK clients that are never called: configs need them, fakes stand in for what they would do. */
public final class StubClients {

    private StubClients() {
    }

    public static KinesisAsyncClient kinesis() {
        return new KinesisAsyncClient() {
            @Override
            public String serviceName() {
                return "kinesis";
            }

            @Override
            public void close() {
            }
        };
    }

    public static DynamoDbAsyncClient dynamoDb() {
        return new DynamoDbAsyncClient() {
            @Override
            public String serviceName() {
                return "dynamodb";
            }

            @Override
            public void close() {
            }
        };
    }
}
