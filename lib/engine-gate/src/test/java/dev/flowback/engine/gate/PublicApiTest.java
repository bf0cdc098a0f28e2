package dev.flowback.engine.gate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An engine team embedding the gate learns its API and nothing else: the public package depends only on the JDK and
 * the gate's own packages (so every core and AWS type sits behind {@code internal}), and no public or protected
 * member of it names a type outside the JDK and the public package itself, not even an internal one.
 */
class PublicApiTest {
    private static final String API = "dev.flowback.engine.gate";
    private static final JavaClasses GATE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(API);

    @Test
    void thePublicPackageReachesTheCoreAndAwsOnlyThroughInternal() {
        classes().that().resideInAPackage(API)
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", API + "..")
                .because("the implementation, with its core and AWS types, lives in " + API + ".internal")
                .check(GATE);
        // A rule that saw no implementation would pass for nothing: the runtime behind the API is there, on the core.
        assertTrue(GATE.get(API + ".internal.GateRuntime").getDirectDependenciesFromSelf().stream()
                .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("dev.flowback.core")));
    }

    @Test
    void noPublicMemberOfTheApiNamesACoreAdapterOrInternalType() {
        members().that().areDeclaredInClassesThat().resideInAPackage(API)
                .should(nameOnlyApiTypes())
                .check(GATE);
        List<String> api = new ArrayList<>();
        GATE.stream().filter(c -> c.getPackageName().equals(API) && c.getModifiers().contains(JavaModifier.PUBLIC))
                .forEach(c -> api.add(c.getSimpleName()));
        assertTrue(api.containsAll(List.of("EngineGate", "Admission", "Admitted", "Refused", "PinnedDefinition",
                "GateException")), "the API as documented: " + api);
    }

    private static ArchCondition<JavaMember> nameOnlyApiTypes() {
        return new ArchCondition<>("name only JDK types and types of " + API) {
            @Override
            public void check(JavaMember member, ConditionEvents events) {
                boolean visible = member.getModifiers().contains(JavaModifier.PUBLIC)
                        || member.getModifiers().contains(JavaModifier.PROTECTED);
                if (!visible || !member.getOwner().getModifiers().contains(JavaModifier.PUBLIC)) {
                    return;
                }
                List<JavaClass> named = new ArrayList<>();
                if (member instanceof JavaCodeUnit unit) {
                    named.add(unit.getRawReturnType());
                    named.addAll(unit.getRawParameterTypes());
                    unit.getThrowsClause().getTypes().forEach(named::add);
                } else if (member instanceof JavaField field) {
                    named.add(field.getRawType());
                }
                for (JavaClass type : named) {
                    JavaClass base = type.isArray() ? type.getBaseComponentType() : type;
                    boolean allowed = base.isPrimitive() || base.getPackageName().startsWith("java.")
                            || base.getPackageName().equals(API);
                    if (!allowed) {
                        events.add(SimpleConditionEvent.violated(member, member.getFullName() + " names "
                                + base.getName()));
                    }
                }
            }
        };
    }
}
