package io.shardline.multilang;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The daemon is built on Shardline's public API only, as a user's application would be. */
@AnalyzeClasses(packages = "io.shardline.multilang", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule usesOnlyPublicPackagesOfTheLibrary = noClasses()
            .that().resideInAPackage("io.shardline.multilang..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardline.kcl..internal..",
                    "io.shardline.lease..internal..", "io.shardline.checkpoint..internal..")
            .because("the daemon is built on the public API a user sees");

    @ArchTest
    static final ArchRule usesNoTestSupport = noClasses()
            .that().resideInAPackage("io.shardline.multilang..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardline.testing..",
                    "io.shardline.lease.testing..", "io.shardline.kcl.testing..")
            .because("the daemon's runnable jar must not ship the test kit or the in-memory stores");

    @ArchTest
    static final ArchRule usesNoOtherApplicationModule = noClasses()
            .that().resideInAPackage("io.shardline.multilang..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardline.samples..", "io.shardline.tools..",
                    "io.shardline.benchmarks..");
}
