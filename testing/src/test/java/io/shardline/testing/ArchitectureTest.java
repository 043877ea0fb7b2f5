package io.shardline.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The test kit (src/main) is used by applications' tests, so it is built on what they can see: the library's public
 * packages and lease-coordinator's test support, never an internal package (but the whole-worker simulation, which
 * runs kcl-core's real worker), and nothing downstream.
 */
@AnalyzeClasses(packages = "io.shardline.testing", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule usesOnlyPublicPackagesOfTheLibrary = noClasses()
            .that().resideInAPackage("io.shardline.testing..")
            .and().resideOutsideOfPackage("io.shardline.testing.sim..")
            .should().dependOnClassesThat().resideInAPackage("io.shardline..internal..")
            .because("a user's test compiles against the kit, and the kit against the public API");

    @ArchTest
    static final ArchRule theSimulationReachesOnlyKclCoreInternals = noClasses()
            .that().resideInAPackage("io.shardline.testing.sim..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardline.lease.internal..",
                    "io.shardline.checkpoint.internal..", "io.shardline.multilang.internal..")
            .because("the whole-worker simulation drives kcl-core's real worker (scheduler, consumers, fetchers) on"
                    + " virtual time; the stores it uses are lease-coordinator's test support");

    @ArchTest
    static final ArchRule usesNoDownstreamModule = noClasses()
            .that().resideInAPackage("io.shardline.testing..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardline.samples..",
                    "io.shardline.benchmarks..", "io.shardline.tools..", "io.shardline.multilang..");
}
