package io.shardline.multilang;

import io.shardline.kcl.StartingPosition;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Reads a KCL MultiLangDaemon properties file into a {@link MultiLangConfig}. The property names are KCL's (its
 * {@code MultiLangDaemonConfiguration} / {@code KinesisClientLibConfigurator}), so an existing file works unchanged.
 *
 * <p>Every key is accounted for: a supported key is mapped; a KCL key that Shardline has no use for is kept in
 * {@link Parsed#warnings()} with the reason ("has no effect on Shardline: ..."); an unknown key is kept there too
 * ("unknown property"). The daemon logs each of these once at WARN at start. A missing required key
 * ({@code executableName}, {@code applicationName}, {@code streamName} or {@code streamArn}) or a value that does not
 * parse fails with an {@link IllegalArgumentException} naming the key and the value.
 */
public final class MultiLangProperties {

    /** The configuration and one warning per key that was not used. */
    public record Parsed(MultiLangConfig config, List<String> warnings) {
        /** Checks the components (non-null where the record description does not say otherwise). */
        public Parsed {
            warnings = List.copyOf(warnings);
        }
    }

    private static final Map<String, BiConsumer<MultiLangConfig.Builder, String>> SUPPORTED = supported();
    private static final Map<String, String> NO_EFFECT = noEffect();

    private MultiLangProperties() {
    }

    /** Reads {@code file} (ISO-8859-1 escapes as {@link Properties#load} reads them; UTF-8 text). */
    public static Parsed parse(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read properties file " + file, e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(properties, dir);
    }

    /** Parses {@code properties}; the child runs in {@code workingDirectory}. */
    public static Parsed parse(Properties properties, Path workingDirectory) {
        MultiLangConfig.Builder builder = MultiLangConfig.builder().workingDirectory(workingDirectory);
        List<String> warnings = new ArrayList<>();
        Position position = new Position();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(key).trim();
            String canonical = canonical(key);
            try {
                if (canonical.equals("initialPositionInStream")) {
                    position.name = value;
                } else if (canonical.equals("initialPositionInStreamExtended")) {
                    position.timestamp = value;
                } else if (SUPPORTED.containsKey(canonical)) {
                    SUPPORTED.get(canonical).accept(builder, value);
                    partlySupported(key, canonical, value).ifPresent(warnings::add);
                } else if (NO_EFFECT.containsKey(canonical)) {
                    warnings.add("property " + key + "=" + value + " has no effect on Shardline: "
                            + NO_EFFECT.get(canonical));
                } else {
                    warnings.add("unknown property " + key + "=" + value + " (not a KCL MultiLangDaemon property"
                            + " Shardline knows; ignored)");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid value for property " + key + ": '" + value + "' ("
                        + e.getMessage() + ")", e);
            }
        }
        builder.initialPosition(position.resolve());
        return new Parsed(builder.build(), warnings);
    }

    private static Optional<String> partlySupported(String key, String canonical, String value) {
        if (canonical.equals("callProcessRecordsEvenForEmptyRecordList") && value.equalsIgnoreCase("true")) {
            return Optional.of("property " + key + "=" + value + " has no effect on Shardline: the child"
                    + " gets processRecords only with records (Shardline never delivers an empty batch)");
        }
        if (canonical.equals("metricsLevel") && !value.equalsIgnoreCase("NONE")) {
            return Optional.of("property " + key + "=" + value + " has no effect on Shardline: the daemon"
                    + " publishes no CloudWatch metrics (Shardline's meters are Micrometer's, not exported here)");
        }
        return Optional.empty();
    }

    /** KCL matches {@code AWSCredentialsProvider*} case-insensitively; every other key exactly. */
    private static String canonical(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.startsWith("awscredentialsprovider")) {
            return "AWSCredentialsProvider" + key.substring("awscredentialsprovider".length());
        }
        return key;
    }

    /** Splits a command line on blanks; double or single quotes keep blanks inside one argument. */
    static List<String> commandLine(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        boolean inToken = false;
        for (char c : value.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inToken = true;
            } else if (Character.isWhitespace(c)) {
                if (inToken) {
                    parts.add(current.toString());
                    current.setLength(0);
                    inToken = false;
                }
            } else {
                current.append(c);
                inToken = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced quote " + quote);
        }
        if (inToken) {
            parts.add(current.toString());
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        return parts;
    }

    private static final class Position {
        String name;
        String timestamp;

        StartingPosition resolve() {
            String kind = name == null ? null : name.toUpperCase(Locale.ROOT);
            if (timestamp != null) {
                if (kind != null && !kind.equals("AT_TIMESTAMP")) {
                    throw new IllegalArgumentException("invalid value for property initialPositionInStream: '" + name
                            + "' (initialPositionInStreamExtended is set, so it must be AT_TIMESTAMP or absent)");
                }
                long seconds;
                try {
                    seconds = Long.parseLong(timestamp);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("invalid value for property initialPositionInStreamExtended: '"
                            + timestamp + "' (must be a timestamp in seconds since the epoch)", e);
                }
                return StartingPosition.atTimestamp(Instant.ofEpochSecond(seconds));
            }
            if (kind == null) {
                return StartingPosition.latest();
            }
            return switch (kind) {
                case "TRIM_HORIZON" -> StartingPosition.trimHorizon();
                case "LATEST" -> StartingPosition.latest();
                case "AT_TIMESTAMP" -> throw new IllegalArgumentException("invalid value for property"
                        + " initialPositionInStream: 'AT_TIMESTAMP' (needs initialPositionInStreamExtended, the"
                        + " timestamp in seconds since the epoch)");
                default -> throw new IllegalArgumentException("invalid value for property initialPositionInStream: '"
                        + name + "' (must be TRIM_HORIZON, LATEST or AT_TIMESTAMP)");
            };
        }
    }

    private static Map<String, BiConsumer<MultiLangConfig.Builder, String>> supported() {
        Map<String, BiConsumer<MultiLangConfig.Builder, String>> m = new LinkedHashMap<>();
        m.put("executableName", (b, v) -> b.command(commandLine(v)));
        m.put("processingLanguage", MultiLangConfig.Builder::processingLanguage);
        m.put("applicationName", MultiLangConfig.Builder::applicationName);
        m.put("streamName", MultiLangConfig.Builder::streamName);
        m.put("streamArn", MultiLangConfig.Builder::streamArn);
        m.put("tableName", MultiLangConfig.Builder::tableName);
        m.put("regionName", MultiLangConfig.Builder::regionName);
        m.put("kinesisEndpoint", (b, v) -> b.kinesisEndpoint(uri(v)));
        m.put("dynamoDBEndpoint", (b, v) -> b.dynamoDbEndpoint(uri(v)));
        m.put("AWSCredentialsProvider", (b, v) -> b.credentialsProvider(CredentialsSpec.parse(v)));
        m.put("AWSCredentialsProviderDynamoDB", (b, v) -> b.dynamoDbCredentialsProvider(CredentialsSpec.parse(v)));
        m.put("workerId", MultiLangConfig.Builder::workerId);
        m.put("workerIdentifier", MultiLangConfig.Builder::workerId);
        m.put("retrievalMode", (b, v) -> b.retrievalMode(retrievalMode(v)));
        m.put("maxRecords", (b, v) -> b.maxRecords(positiveInt(v)));
        m.put("idleTimeBetweenReadsInMillis", (b, v) -> b.idleTimeBetweenReads(millis(v)));
        m.put("failoverTimeMillis", (b, v) -> b.failoverTime(millis(v)));
        m.put("shardSyncIntervalMillis", (b, v) -> b.shardSyncInterval(millis(v)));
        m.put("parentShardPollIntervalMillis", (b, v) -> b.parentShardPollInterval(millis(v)));
        m.put("maxLeasesForWorker", (b, v) -> b.maxLeasesForWorker(positiveInt(v)));
        m.put("timeoutInSeconds", (b, v) -> b.childTimeout(Duration.ofSeconds(positiveInt(v))));
        m.put("maxActiveThreads", (b, v) -> b.maxActiveThreads(nonNegativeInt(v)));
        m.put("metricsLevel", (b, v) -> b.metricsLevel(metricsLevel(v)));
        m.put("callProcessRecordsEvenForEmptyRecordList", (b, v) -> emptyRecordList(v));
        return Map.copyOf(m);
    }

    /** KCL properties Shardline reads and understands but has no equivalent for, each with the reason. */
    private static Map<String, String> noEffect() {
        Map<String, String> m = new LinkedHashMap<>();
        String leases = "Shardline's lease coordinator balances leases by count and takes expired ones itself";
        m.put("maxLeasesToStealAtOneTime", leases);
        m.put("leaseAssignmentIntervalMillis", leases);
        m.put("enablePriorityLeaseAssignment", leases);
        m.put("maxLeaseRenewalThreads", "one heartbeat renews all of a worker's leases");
        m.put("cleanupLeasesUponShardCompletion", "finished leases are cleaned up once their children are done");
        m.put("ignoreUnexpectedChildShards", "Shardline follows the shard graph");
        m.put("skipShardSyncAtWorkerInitializationIfLeasesExist", "the leader syncs shards");
        m.put("initialLeaseTableReadCapacity", "lease tables are created on demand (PAY_PER_REQUEST)");
        m.put("initialLeaseTableWriteCapacity", "lease tables are created on demand (PAY_PER_REQUEST)");
        m.put("billingMode", "lease tables are created on demand (PAY_PER_REQUEST)");
        m.put("leaseTableDeletionProtectionEnabled", "set it on the table with the AWS console or CLI");
        m.put("leaseTablePitrEnabled", "set it on the table with the AWS console or CLI");
        m.put("leaseTableScanTotalSegments", "not needed");
        m.put("listShardsBackoffTimeInMillis", "ListShards is retried with Shardline's backoff");
        m.put("maxListShardsRetryAttempts", "ListShards is retried with Shardline's backoff");
        m.put("shardPrioritization", "not supported");
        m.put("schedulerInitializationBackoffTimeMillis", "not needed");
        m.put("taskBackoffTimeMillis", "Shardline's FailurePolicy backs off");
        m.put("logWarningForTaskAfterMillis", "not supported");
        String kcl3 = "KCL 3's migration modes do not apply"
                + " (Shardline coordinates through its own coordination table)";
        m.put("clientVersionConfig", kcl3);
        m.put("migrateAllEntitiesToLeaseTable", kcl3);
        m.put("tableMigrationCompleteBakeTimeSeconds", kcl3);
        m.put("metricsBufferTimeMillis", "no CloudWatch metrics (Shardline's are Micrometer meters)");
        m.put("metricsMaxQueueSize", "no CloudWatch metrics (Shardline's are Micrometer meters)");
        m.put("metricsEnabledDimensions", "no CloudWatch metrics (Shardline's are Micrometer meters)");
        m.put("AWSCredentialsProviderCloudWatch", "no CloudWatch metrics (Shardline's are Micrometer meters)");
        m.put("validateSequenceNumberBeforeCheckpointing",
                "Shardline always rejects a checkpoint beyond the last record delivered");
        m.put("shutdownGraceMillis", "a graceful stop hands every lease over after the child's shutdownRequested");
        m.put("retryGetRecordsInSeconds", "GetRecords is retried with Shardline's backoff");
        m.put("maxGetRecordsThreadPool", "not needed");
        return Map.copyOf(m);
    }

    private static URI uri(String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("must be a URL such as https://kinesis.us-east-1.amazonaws.com");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage(), e);
        }
    }

    private static int positiveInt(String value) {
        int n = parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException("must be >= 1");
        }
        return n;
    }

    private static int nonNegativeInt(String value) {
        int n = parseInt(value);
        if (n < 0) {
            throw new IllegalArgumentException("must be >= 0");
        }
        return n;
    }

    private static int parseInt(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer", e);
        }
    }

    private static Duration millis(String value) {
        long ms;
        try {
            ms = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number of milliseconds", e);
        }
        if (ms < 1) {
            throw new IllegalArgumentException("must be >= 1 ms");
        }
        return Duration.ofMillis(ms);
    }

    private static MultiLangConfig.RetrievalMode retrievalMode(String value) {
        try {
            return MultiLangConfig.RetrievalMode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be FANOUT, POLLING or DEFAULT", e);
        }
    }

    private static String metricsLevel(String value) {
        String level = value.toUpperCase(Locale.ROOT);
        if (!List.of("NONE", "SUMMARY", "DETAILED").contains(level)) {
            throw new IllegalArgumentException("must be NONE, SUMMARY or DETAILED");
        }
        return level;
    }

    private static void emptyRecordList(String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("must be true or false");
        }
    }
}
