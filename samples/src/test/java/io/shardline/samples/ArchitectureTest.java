package io.shardline.samples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The samples show the library as users see it: its public packages only. */
@AnalyzeClasses(packages = "io.shardline.samples", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule usesOnlyPublicPackages = noClasses()
            .that().resideInAPackage("io.shardline.samples..")
            .should().dependOnClassesThat().resideInAPackage("io.shardline..internal..")
            .because("a sample must compile against the public API a user sees");

    @ArchTest
    static final ArchRule doesNotUseBenchmarks = noClasses()
            .that().resideInAPackage("io.shardline.samples..")
            .should().dependOnClassesThat().resideInAPackage("io.shardline.benchmarks..");
}
