package io.shardline.multilang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.shardline.kcl.StartingPosition;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiLangPropertiesTest {

    private static final String NODE_SAMPLE = """
            executableName = node sample_kcl_app.js
            streamName = kclnodejssample
            applicationName = kclnodejssample
            AWSCredentialsProvider = DefaultCredentialsProvider
            processingLanguage = nodejs/0.10
            initialPositionInStream = TRIM_HORIZON
            regionName = us-east-1
            """;

    @Test
    void readsTheNodeSamplesPropertiesFileWithTheChildInTheFilesDirectory(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sample.properties");
        Files.writeString(file, NODE_SAMPLE);

        MultiLangProperties.Parsed parsed = MultiLangProperties.parse(file);

        MultiLangConfig config = parsed.config();
        assertThat(config.command()).containsExactly("node", "sample_kcl_app.js");
        assertThat(config.workingDirectory()).isEqualTo(dir.toAbsolutePath());
        assertThat(config.streamName()).isEqualTo("kclnodejssample");
        assertThat(config.applicationName()).isEqualTo("kclnodejssample");
        assertThat(config.initialPosition()).isEqualTo(StartingPosition.trimHorizon());
        assertThat(config.regionName()).isEqualTo("us-east-1");
        assertThat(config.processingLanguage()).isEqualTo("nodejs/0.10");
        assertThat(config.credentialsProvider()).isEqualTo(CredentialsSpec.DEFAULT);
        assertThat(config.retrievalMode()).isEqualTo(MultiLangConfig.RetrievalMode.FANOUT);
        assertThat(parsed.warnings()).isEmpty();
    }

    @Test
    void mapsEveryListedKey() {
        MultiLangConfig config = parse(NODE_SAMPLE + """
                streamArn = arn:aws:kinesis:us-east-1:000000000000:stream/s1
                kinesisEndpoint = http://127.0.0.1:4567
                dynamoDBEndpoint = http://127.0.0.1:4568
                awscredentialsprovider = EnvironmentVariableCredentialsProvider,ProfileCredentialsProvider|dev
                workerId = w-1
                retrievalMode = polling
                maxRecords = 500
                idleTimeBetweenReadsInMillis = 250
                failoverTimeMillis = 6000
                shardSyncIntervalMillis = 30000
                timeoutInSeconds = 7
                metricsLevel = none
                maxActiveThreads = 12
                callProcessRecordsEvenForEmptyRecordList = false
                """).config();

        assertThat(config.streamArn()).isEqualTo("arn:aws:kinesis:us-east-1:000000000000:stream/s1");
        assertThat(config.streamName()).as("the ARN takes precedence, as in KCL").isNull();
        assertThat(config.kinesisEndpoint()).isEqualTo(URI.create("http://127.0.0.1:4567"));
        assertThat(config.dynamoDbEndpoint()).isEqualTo(URI.create("http://127.0.0.1:4568"));
        assertThat(config.credentialsProvider().value())
                .isEqualTo("EnvironmentVariableCredentialsProvider,ProfileCredentialsProvider|dev");
        assertThat(config.workerId()).isEqualTo("w-1");
        assertThat(config.retrievalMode()).isEqualTo(MultiLangConfig.RetrievalMode.POLLING);
        assertThat(config.maxRecords()).isEqualTo(500);
        assertThat(config.idleTimeBetweenReads()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.failoverTime()).isEqualTo(Duration.ofSeconds(6));
        assertThat(config.shardSyncInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.childTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(config.metricsLevel()).isEqualTo("NONE");
        assertThat(config.maxActiveThreads()).isEqualTo(12);
    }

    @Test
    void defaultRetrievalModeIsPollingWhenAPollingPropertyIsSetAsInKcl() {
        assertThat(parse(NODE_SAMPLE + "maxRecords = 100\n").config().retrievalMode())
                .isEqualTo(MultiLangConfig.RetrievalMode.POLLING);
        assertThat(parse(NODE_SAMPLE).config().retrievalMode()).isEqualTo(MultiLangConfig.RetrievalMode.FANOUT);
    }

    @Test
    void initialPositionInStreamExtendedIsAtTimestampInEpochSeconds() {
        MultiLangConfig config = parse(NODE_SAMPLE.replace("initialPositionInStream = TRIM_HORIZON",
                "initialPositionInStreamExtended = 1700000000")).config();

        assertThat(config.initialPosition()).isEqualTo(StartingPosition.atTimestamp(Instant.ofEpochSecond(1700000000)));
    }

    @Test
    void unknownAndUnusedKcleysAreEachReportedOnceWithTheReason() {
        MultiLangProperties.Parsed parsed = parse(NODE_SAMPLE + """
                colour = blue
                maxLeasesToStealAtOneTime = 2
                metricsLevel = DETAILED
                callProcessRecordsEvenForEmptyRecordList = true
                """);

        assertThat(parsed.warnings()).hasSize(4);
        assertThat(parsed.warnings()).filteredOn(w -> w.contains("colour")).singleElement().asString()
                .startsWith("unknown property colour=blue");
        assertThat(parsed.warnings()).filteredOn(w -> w.contains("maxLeasesToStealAtOneTime")).singleElement()
                .asString().contains("has no effect on Shardline");
        assertThat(parsed.warnings()).filteredOn(w -> w.contains("metricsLevel")).singleElement()
                .asString().contains("CloudWatch");
        assertThat(parsed.warnings()).filteredOn(w -> w.contains("callProcessRecordsEvenForEmptyRecordList"))
                .singleElement().asString().contains("never delivers an empty batch");
    }

    @Test
    void aMissingRequiredKeyFailsNamingIt() {
        assertThatThrownBy(() -> parse(NODE_SAMPLE.replace("executableName = node sample_kcl_app.js", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("executableName is required");
        assertThatThrownBy(() -> parse(NODE_SAMPLE.replace("applicationName = kclnodejssample", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("applicationName is required");
        assertThatThrownBy(() -> parse(NODE_SAMPLE.replace("streamName = kclnodejssample", "")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("streamName or streamArn is required");
    }

    @Test
    void anInvalidValueFailsNamingTheKeyAndTheValue() {
        assertThatThrownBy(() -> parse(NODE_SAMPLE + "maxRecords = lots\n"))
                .hasMessageContaining("property maxRecords: 'lots'").hasMessageContaining("not an integer");
        assertThatThrownBy(() -> parse(NODE_SAMPLE + "failoverTimeMillis = -5\n"))
                .hasMessageContaining("property failoverTimeMillis: '-5'");
        assertThatThrownBy(() -> parse(NODE_SAMPLE.replace("TRIM_HORIZON", "BEGINNING")))
                .hasMessageContaining("initialPositionInStream: 'BEGINNING'");
        assertThatThrownBy(() -> parse(NODE_SAMPLE + "kinesisEndpoint = not a url\n"))
                .hasMessageContaining("property kinesisEndpoint: 'not a url'");
        assertThatThrownBy(() -> parse(NODE_SAMPLE + "AWSCredentialsProvider = com.example.NoSuchProvider\n"))
                .hasMessageContaining("property AWSCredentialsProvider: 'com.example.NoSuchProvider'")
                .hasMessageContaining("unknown credentials provider");
        assertThatThrownBy(() -> parse(NODE_SAMPLE + "retrievalMode = carrier-pigeon\n"))
                .hasMessageContaining("property retrievalMode: 'carrier-pigeon'");
        assertThatThrownBy(() -> parse(NODE_SAMPLE + "streamArn = stream/x\n"))
                .hasMessageContaining("streamArn must be an ARN");
    }

    @Test
    void executableNameIsACommandLineWithQuotedArguments() {
        assertThat(MultiLangProperties.commandLine("node  'my app.js' --flag \"a b\""))
                .containsExactly("node", "my app.js", "--flag", "a b");
        assertThatThrownBy(() -> MultiLangProperties.commandLine("node 'open"))
                .hasMessageContaining("unbalanced quote");
    }

    private static MultiLangProperties.Parsed parse(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return MultiLangProperties.parse(properties, Path.of("/apps/sample"));
    }
}
