package io.shardline.benchmarks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The scenario runners measure Shardline as a user runs it (public API); only the JMH microbenchmarks of internal
 * pieces (dispatch, de-aggregation) may reach into kcl-core's internals, and nothing reaches the other modules'.
 */
@AnalyzeClasses(packages = "io.shardline.benchmarks", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyTheMicrobenchmarksUseInternals = noClasses()
            .that().resideInAPackage("io.shardline.benchmarks..")
            .and().resideOutsideOfPackage("io.shardline.benchmarks.jmh..")
            .should().dependOnClassesThat().resideInAPackage("io.shardline..internal..")
            .because("scenarios compare Shardline and KCL as applications use them");

    @ArchTest
    static final ArchRule microbenchmarksUseOnlyKclCoreInternals = noClasses()
            .that().resideInAPackage("io.shardline.benchmarks.jmh..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardline.lease.internal..",
                    "io.shardline.checkpoint.internal..", "io.shardline.multilang.internal..");

    @ArchTest
    static final ArchRule usesNoSamplesToolsOrDaemon = noClasses()
            .that().resideInAPackage("io.shardline.benchmarks..")
            .should().dependOnClassesThat().resideInAnyPackage("io.shardline.samples..", "io.shardline.tools..",
                    "io.shardline.multilang..");
}
