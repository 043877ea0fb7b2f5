package io.shardline.checkpoint;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module's package lines, enforced by the build: from lease-coordinator only its public package is used, nothing
 * downstream (kcl-core, testing, samples, benchmarks) is used, and {@code internal} is reached only through the
 * public factory.
 */
@AnalyzeClasses(packages = "io.shardline.checkpoint", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String INTERNAL = "io.shardline.checkpoint.internal..";

    @ArchTest
    static final ArchRule usesNoInternalsOfOtherModules = noClasses()
            .that().resideInAPackage("io.shardline.checkpoint..")
            .should().dependOnClassesThat(
                    com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("io.shardline..internal..")
                            .and(com.tngtech.archunit.core.domain.JavaClass.Predicates
                                    .resideOutsideOfPackage(INTERNAL))
                            .and(com.tngtech.archunit.core.domain.JavaClass.Predicates
                                    .resideOutsideOfPackage("io.shardline.lease.internal.shared")))
            .as("checkpointer uses no internal package of another module (only io.shardline.lease and the shared"
                    + " io.shardline.lease.internal.shared from lease-coordinator)");

    @ArchTest
    static final ArchRule usesNoDownstreamModule = noClasses()
            .that().resideInAPackage("io.shardline.checkpoint..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.shardline.kcl..", "io.shardline.testing..", "io.shardline.samples..",
                    "io.shardline.benchmarks..");

    @ArchTest
    static final ArchRule internalIsReachedOnlyThroughTheFactory = classes()
            .that().resideInAPackage(INTERNAL)
            .should().onlyBeAccessed().byClassesThat(
                    com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(INTERNAL)
                            .or(com.tngtech.archunit.core.domain.JavaClass.Predicates
                                    .equivalentTo(Checkpointers.class)));

    @ArchTest
    static final ArchRule publicApiDoesNotExposeInternalTypes = noClasses()
            .that().resideInAPackage("io.shardline.checkpoint")
            .and().doNotBelongToAnyOf(Checkpointers.class)
            .should().dependOnClassesThat().resideInAPackage(INTERNAL)
            .because("the public package must compile without the implementation; Checkpointers is the one bridge");

    @ArchTest
    static final ArchRule knowsNothingAboutKinesis = noClasses()
            .that().resideInAPackage("io.shardline.checkpoint..")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk.services.kinesis..",
                    "software.amazon.kinesis..")
            .because("checkpoints are lease-table writes; sequence numbers are plain values here");

    @ArchTest
    static final ArchRule usesNoTestSupport = noClasses()
            .that().resideInAPackage("io.shardline.checkpoint..")
            .should().dependOnClassesThat().resideInAPackage("io.shardline.lease.testing..")
            .because("the in-memory stores are for tests");
}
