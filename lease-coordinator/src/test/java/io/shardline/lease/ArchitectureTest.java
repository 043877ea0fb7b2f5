package io.shardline.lease;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;

/** The API/internal line of lease-coordinator, enforced by the build. */
@AnalyzeClasses(packages = "io.shardline.lease", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule knowsNothingAboutKinesis = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk.services.kinesis..",
                    "software.amazon.kinesis..", "io.shardline.kcl..", "io.shardline.checkpoint..");

    @ArchTest
    static final ArchRule productionCodeDoesNotUseTheTestSupport = noClasses()
            .that().resideOutsideOfPackage("io.shardline.lease.testing..")
            .should().dependOnClassesThat().resideInAPackage("io.shardline.lease.testing..")
            .because("the in-memory stores, their counters and fault injection are test support, not API");

    @ArchTest
    static final ArchRule theSharedInternalsDependOnNothingElseOfTheModule = noClasses()
            .that().resideInAPackage("io.shardline.lease.internal.shared..")
            .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("io.shardline..")
                    .and(JavaClass.Predicates.resideOutsideOfPackage("io.shardline.lease.internal.shared..")))
            .because("internal.shared is exported to checkpointer and kcl-core and must stay a leaf");

    @ArchTest
    static final ArchRule publicApiDoesNotExposeInternalTypes = methods()
            .that().arePublic()
            .and().areDeclaredInClassesThat().resideInAPackage("io.shardline.lease")
            .should(notMentionInternalTypes());

    private static ArchCondition<JavaMethod> notMentionInternalTypes() {
        return notMention("io.shardline.lease.internal");
    }

    private static ArchCondition<JavaMethod> notMention(String packagePrefix) {
        return new ArchCondition<>("not have " + packagePrefix + " types in their signature") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                List<JavaClass> types = new ArrayList<>(method.getRawParameterTypes());
                types.add(method.getRawReturnType());
                for (JavaClass t : types) {
                    if (t.getPackageName().startsWith(packagePrefix)) {
                        events.add(SimpleConditionEvent.violated(method,
                                method.getFullName() + " exposes " + t.getName()));
                    }
                }
            }
        };
    }
}
