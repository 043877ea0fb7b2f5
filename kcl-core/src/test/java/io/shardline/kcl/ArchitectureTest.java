package io.shardline.kcl;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.shardline.kcl.advisor.ReshardAdvisor;
import io.shardline.kcl.deadletter.DeadLetterSink;
import io.shardline.kcl.retrieval.RecordFetcherFactory;

/**
 * The module's package lines, enforced by the build: other modules are used through their public packages only,
 * nothing downstream is used, the public packages reach {@code internal} only through their factories, and the
 * shard consumers do not know the scheduler that wires them.
 */
@AnalyzeClasses(packages = "io.shardline.kcl", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String INTERNAL = "io.shardline.kcl.internal..";
    /** lease-coordinator's internals shared with the project's modules (AWS error classifier, config checks). */
    private static final String SHARED = "io.shardline.lease.internal.shared";
    /** Test support in main code (the in-memory Kinesis), for kcl-core's tests and the testing module only. */
    private static final String TESTKIT = "io.shardline.kcl.internal.testkit..";

    @ArchTest
    static final ArchRule usesNoInternalsOfOtherModules = noClasses()
            .that().resideInAPackage("io.shardline.kcl..")
            .should().dependOnClassesThat(resideInAPackage("io.shardline..internal..")
                    .and(resideOutsideOfPackage(INTERNAL)).and(resideOutsideOfPackage(SHARED)))
            .as("kcl-core uses only the public packages of lease-coordinator and checkpointer (and"
                    + " lease-coordinator's internal.shared)");

    @ArchTest
    static final ArchRule theSharedInternalsAreUsedOnlyByInternalCodeAndConfigs = noClasses()
            .that().resideInAPackage("io.shardline.kcl..")
            .and().resideOutsideOfPackage(INTERNAL)
            .and().haveNameNotMatching(".*(Config|FailurePolicy)(\\$.*)?")
            .should().dependOnClassesThat().resideInAPackage(SHARED)
            .because("the public API must not lean on another module's internals; only config builders validate"
                    + " through ConfigChecks");

    @ArchTest
    static final ArchRule usesNoDownstreamModule = noClasses()
            .that().resideInAPackage("io.shardline.kcl..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.shardline.testing..", "io.shardline.samples..", "io.shardline.benchmarks..");

    @ArchTest
    static final ArchRule publicApiReachesInternalsOnlyThroughItsFactories = noClasses()
            .that().resideInAnyPackage("io.shardline.kcl", "io.shardline.kcl.retrieval", "io.shardline.kcl.deadletter",
                    "io.shardline.kcl.advisor")
            .and().doNotBelongToAnyOf(Scheduler.class, RecordFetcherFactory.class, DeadLetterSink.class,
                    RecordHandlers.class, ReshardAdvisor.class)
            .should().dependOnClassesThat().resideInAPackage(INTERNAL)
            .because("the public packages must compile without the implementation; Scheduler.create,"
                    + " RecordFetcherFactory.create, the DeadLetterSink factories, RecordHandlers.parallel and"
                    + " ReshardAdvisor are the bridges");

    @ArchTest
    static final ArchRule consumersDoNotKnowTheScheduler = noClasses()
            .that().resideInAPackage("io.shardline.kcl.internal.consumer..")
            .should().dependOnClassesThat(resideInAPackage("io.shardline.kcl.internal.scheduler..")
                    .or(equivalentTo(Scheduler.class)));

    @ArchTest
    static final ArchRule usesNoTestSupport = noClasses()
            .that().resideInAPackage("io.shardline.kcl..")
            .and().resideOutsideOfPackage("io.shardline.kcl.testing..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardline.lease.testing..",
                    "io.shardline.kcl.testing..")
            .because("the in-memory stores are for tests; a worker always runs on the stores the user configured");

    @ArchTest
    static final ArchRule productionCodeDoesNotUseTheTestkit = noClasses()
            .that().resideInAPackage("io.shardline.kcl..")
            .and().resideOutsideOfPackage(TESTKIT)
            .should().dependOnClassesThat().resideInAPackage(TESTKIT)
            .because("the in-memory Kinesis and the manual fetch scheduler are main code only so that kcl-core's"
                    + " tests and the testing module's simulator share them; a worker always reads the real Kinesis"
                    + " through the user's client");
}
