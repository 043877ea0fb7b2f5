package io.shardline.tools;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The command line is an operator's tool built on the library's public API, with no test code in its jar. */
@AnalyzeClasses(packages = "io.shardline.tools", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule usesOnlyPublicPackagesOfTheLibrary = noClasses()
            .that().resideInAPackage("io.shardline.tools..")
            .should().dependOnClassesThat().resideInAPackage("io.shardline..internal..")
            .because("the tools read and write the tables through the public API a user sees");

    @ArchTest
    static final ArchRule usesNoTestSupport = noClasses()
            .that().resideInAPackage("io.shardline.tools..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardline.testing..",
                    "io.shardline.lease.testing..", "io.shardline.kcl.testing..")
            .because("the runnable jar must not ship the test kit or the in-memory stores");

    @ArchTest
    static final ArchRule usesNoDownstreamModule = noClasses()
            .that().resideInAPackage("io.shardline.tools..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardline.samples..",
                    "io.shardline.benchmarks..", "io.shardline.multilang..");
}
