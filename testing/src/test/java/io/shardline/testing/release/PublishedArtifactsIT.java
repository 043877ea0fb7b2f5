package io.shardline.testing.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's release command produces a Maven repository a user's project can build against.
 *
 * <p>Copies the project's sources (no tests, no build output) to a temporary directory, runs
 * {@code mvn -B -DskipTests -Dmaven.install.skip=true deploy -DaltDeploymentRepository=local::file:<repo>} there for
 * the library modules and the BOM, then builds a tiny consumer project that declares only the BOM and
 * {@code shardline-kcl-core} and resolves them from that repository; the consumer compiles the README's snippet and
 * runs a JUnit test that builds a {@code Scheduler}. Both nested builds use a local repository that is a view of the
 * outer one (symbolic links) <em>without</em> {@code io/shardline}: third-party artifacts come from the outer local
 * repository read-only, and io.shardline artifacts can come only from the deployed folder, so a missing dependency in a
 * published pom fails the consumer's build. Nothing is installed or deployed into the outer local repository.
 */
class PublishedArtifactsIT {

    private static final List<String> LIBRARY_MODULES =
            List.of("shardline-lease-coordinator", "shardline-checkpointer", "shardline-kcl-core", "shardline-testing",
                    "shardline-multilang");

    private Path work;

    @AfterEach
    void deleteWorkDirectory() throws IOException {
        if (work != null) {
            deleteTree(work);
        }
    }

    @Test
    void consumerBuildsAgainstTheDeployedRepositoryWithOnlyTheBomAndKclCore() throws Exception {
        Path root = Path.of(System.getProperty("shardline.project.root", "..")).toAbsolutePath().normalize();
        Path outerRepo = Path.of(System.getProperty("shardline.local.repository",
                System.getProperty("user.home") + "/.m2/repository"));
        String version = System.getProperty("shardline.version", "0.2.0");
        work = Files.createTempDirectory("shardline-publish");

        Path source = work.resolve("source");
        copySources(root, source);
        Path deployed = work.resolve("deployed");
        Path buildRepo = repositoryView(outerRepo, work.resolve("m2-build"));
        // Not offline: maven-deploy-plugin refuses to run offline. Every plugin and dependency is in the outer local
        // repository already (the outer build used them), so nothing is downloaded.
        String deployOutput = run(source, List.of("-B", "-DskipTests", "-Dmaven.install.skip=true",
                "-Dmaven.repo.local=" + buildRepo, "deploy",
                "-DaltDeploymentRepository=local::file:" + deployed,
                "-pl", "lease-coordinator,checkpointer,kcl-core,testing,multilang,bom", "-am"));

        assertThat(deployOutput).as("no terminal escape codes in Maven's output (.mvn/jvm.config)")
                .doesNotContain("\u001b[");
        Path group = deployed.resolve("io/shardline");
        assertThat(group.resolve("shardline-parent/" + version + "/shardline-parent-" + version + ".pom")).exists();
        assertThat(group.resolve("shardline-bom/" + version + "/shardline-bom-" + version + ".pom")).exists();
        for (String module : LIBRARY_MODULES) {
            Path dir = group.resolve(module + "/" + version);
            for (String suffix : List.of(".pom", ".jar", "-sources.jar", "-javadoc.jar")) {
                assertThat(dir.resolve(module + "-" + version + suffix)).as("published %s%s", module, suffix).exists();
            }
        }

        Path consumer = work.resolve("consumer");
        writeConsumer(consumer, version, deployed);
        Path consumerRepo = repositoryView(outerRepo, work.resolve("m2-consumer"));
        assertThat(consumerRepo.resolve("io/shardline")).as("io.shardline hidden from the consumer's local repository")
                .doesNotExist();
        String output = run(consumer, List.of("-B", "-o", "-Daether.offline.protocols=file",
                "-Dmaven.repo.local=" + consumerRepo, "test"));

        assertThat(output).contains("Tests run: 1, Failures: 0, Errors: 0, Skipped: 0").contains("BUILD SUCCESS");
        Path resolved = consumerRepo.resolve("io/shardline/shardline-kcl-core/" + version);
        assertThat(resolved.resolve("shardline-kcl-core-" + version + ".jar")).exists();
        assertThat(Files.readString(resolved.resolve("_remote.repositories")))
                .as("kcl-core came from the deployed folder").contains(">shardline-deployed=");
        assertThat(consumerRepo.resolve("io/shardline/shardline-lease-coordinator/" + version)
                .resolve("shardline-lease-coordinator-" + version + ".jar"))
                .as("transitive io.shardline dependency resolved through the published poms").exists();
    }

    /** The project's poms, .mvn and src/main trees: what a release build reads. */
    private static void copySources(Path root, Path target) throws IOException {
        Set<String> skipped = Set.of("target", ".git", "node_modules", "test", "docs", "results");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = root.relativize(file);
                boolean skip = false;
                for (Path part : relative) {
                    skip |= skipped.contains(part.toString());
                }
                if (skip || !Files.isRegularFile(file)) {
                    continue;
                }
                Path copy = target.resolve(relative);
                Files.createDirectories(copy.getParent());
                Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /** A local repository of symbolic links into {@code outer}, leaving out {@code io/shardline}. */
    private static Path repositoryView(Path outer, Path view) throws IOException {
        Files.createDirectories(view.resolve("io"));
        try (Stream<Path> top = Files.list(outer)) {
            for (Path entry : (Iterable<Path>) top::iterator) {
                if (!entry.getFileName().toString().equals("io")) {
                    Files.createSymbolicLink(view.resolve(entry.getFileName().toString()), entry);
                }
            }
        }
        Path outerIo = outer.resolve("io");
        if (Files.isDirectory(outerIo)) {
            try (Stream<Path> io = Files.list(outerIo)) {
                for (Path entry : (Iterable<Path>) io::iterator) {
                    if (!entry.getFileName().toString().equals("shardline")) {
                        Files.createSymbolicLink(view.resolve("io").resolve(entry.getFileName().toString()), entry);
                    }
                }
            }
        }
        return view;
    }

    private static void writeConsumer(Path dir, String version, Path deployed) throws IOException {
        write(dir.resolve("pom.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>order-counter</artifactId>
                  <version>1.0</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <repositories>
                    <repository>
                      <id>shardline-deployed</id>
                      <url>%s</url>
                    </repository>
                  </repositories>
                  <dependencyManagement>
                    <dependencies>
                      <dependency>
                        <groupId>io.shardline</groupId>
                        <artifactId>shardline-bom</artifactId>
                        <version>%s</version>
                        <type>pom</type>
                        <scope>import</scope>
                      </dependency>
                    </dependencies>
                  </dependencyManagement>
                  <dependencies>
                    <dependency>
                      <groupId>io.shardline</groupId>
                      <artifactId>shardline-kcl-core</artifactId>
                    </dependency>
                    <dependency>
                      <groupId>org.junit.jupiter</groupId>
                      <artifactId>junit-jupiter</artifactId>
                      <version>%s</version>
                      <scope>test</scope>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.1</version></plugin>
                      <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(deployed.toUri(), version, System.getProperty("shardline.junit.version", "5.14.4")));
        write(dir.resolve("src/main/java/com/example/OrderCounter.java"), """
                package com.example;

                import io.shardline.checkpoint.CheckpointStrategy;
                import io.shardline.kcl.ConsumerConfig;
                import io.shardline.kcl.RecordHandlers;
                import io.shardline.kcl.Scheduler;
                import io.shardline.kcl.StartingPosition;
                import java.time.Duration;
                import java.util.Map;
                import java.util.concurrent.ConcurrentHashMap;
                import software.amazon.awssdk.regions.Region;
                import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
                import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

                public final class OrderCounter {
                    public final Map<String, Long> counts = new ConcurrentHashMap<>();

                    public Scheduler scheduler(KinesisAsyncClient kinesis, DynamoDbAsyncClient dynamoDb) {
                        return Scheduler.create(ConsumerConfig.builder()
                                .applicationName("order-counter")
                                .streamName("orders")
                                .kinesisClient(kinesis)
                                .dynamoDbClient(dynamoDb)
                                .initialPosition(StartingPosition.trimHorizon())
                                .processorFactory(RecordHandlers.processorFactory(
                                        () -> record -> counts.merge(record.partitionKey(), 1L, Long::sum),
                                        CheckpointStrategy.every(Duration.ofSeconds(5))))
                                .build());
                    }

                    public static void main(String[] args) {
                        try (KinesisAsyncClient kinesis = KinesisAsyncClient.builder().region(Region.US_EAST_1).build();
                             DynamoDbAsyncClient dynamoDb = DynamoDbAsyncClient.builder().region(Region.US_EAST_1).build();
                             Scheduler scheduler = new OrderCounter().scheduler(kinesis, dynamoDb)) {
                            System.out.println("worker " + scheduler.workerId());
                        }
                    }
                }
                """);
        write(dir.resolve("src/test/java/com/example/OrderCounterTest.java"), """
                package com.example;

                import static org.junit.jupiter.api.Assertions.assertFalse;

                import io.shardline.kcl.Scheduler;
                import org.junit.jupiter.api.Test;
                import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
                import software.amazon.awssdk.regions.Region;
                import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
                import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

                class OrderCounterTest {
                    @Test
                    void buildsASchedulerFromThePublishedArtifacts() {
                        try (KinesisAsyncClient kinesis = KinesisAsyncClient.builder().region(Region.US_EAST_1)
                                     .credentialsProvider(AnonymousCredentialsProvider.create()).build();
                             DynamoDbAsyncClient dynamoDb = DynamoDbAsyncClient.builder().region(Region.US_EAST_1)
                                     .credentialsProvider(AnonymousCredentialsProvider.create()).build();
                             Scheduler scheduler = new OrderCounter().scheduler(kinesis, dynamoDb)) {
                            assertFalse(scheduler.workerId().isBlank());
                        }
                    }
                }
                """);
    }

    private static String run(Path dir, List<String> args) throws IOException, InterruptedException {
        String mavenHome = System.getProperty("maven.home");
        List<String> command = new ArrayList<>();
        command.add(mavenHome == null || mavenHome.isBlank() ? "mvn" : Path.of(mavenHome, "bin", "mvn").toString());
        command.addAll(args);
        Path log = Files.createTempFile(dir.getParent(), "mvn", ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        boolean exited = process.waitFor(10, TimeUnit.MINUTES);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exited && process.exitValue() == 0)
                .as("%s in %s exited %s:%n%s", String.join(" ", command), dir,
                        exited ? process.exitValue() : "by timeout", output)
                .isTrue();
        return output;
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path); // a symbolic link is deleted itself, never what it points to
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
