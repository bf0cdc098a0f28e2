package dev.flowback.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.flowback.core.error.ErrorCatalog;
import dev.flowback.core.error.FlowbackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core's shape, enforced: no AWS or Lambda types anywhere in it; the registry and definitions know nothing of
 * the chain; the chain knows nothing of the JSON library; inside the chain, steps sit on ports, payloads and the
 * model, never the other way round; no package cycles; every package tells its story in a package-info.java.
 */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.flowback.core");

    @Test
    void coreHasNoAwsOrLambdaDependencies() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("software.amazon..", "com.amazonaws..", "com.amazon..")
                .because("the core holds the domain and ports; AWS belongs in the adapters and handlers")
                .check(CORE);
    }

    @Test
    void theRegistryAndDefinitionsDoNotSeeTheChain() {
        noClasses().that().resideInAnyPackage("dev.flowback.core.registry..", "dev.flowback.core.definition..",
                        "dev.flowback.core.diff..", "dev.flowback.core.engine..", "dev.flowback.core.id..",
                        "dev.flowback.core.error..")
                .should().dependOnClassesThat().resideInAPackage("dev.flowback.core.chain..")
                .because("versions exist before any rollback; the chain uses the registry, never the reverse")
                .check(CORE);
    }

    @Test
    void theChainDoesNotSeeTheJsonLibrary() {
        noClasses().that().resideInAPackage("dev.flowback.core.chain..")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml..")
                .because("step payloads are mapped to JSON at the handler edge (PayloadJson), not in the core")
                .check(CORE);
    }

    @Test
    void theChainDoesNotSeeTheTrigger() {
        noClasses().that().resideInAPackage("dev.flowback.core.chain..")
                .should().dependOnClassesThat().resideInAPackage("dev.flowback.core.trigger..")
                .because("the alarm trigger starts rollbacks; a rollback runs the same whoever started it")
                .check(CORE);
        noClasses().that().resideInAPackage("dev.flowback.core.trigger..")
                .should().dependOnClassesThat().resideInAPackage("com.fasterxml..")
                .because("alarm events are read into the trigger's records at the function's edge")
                .check(CORE);
    }

    @Test
    void insideTheChainStepsSitOnPortsPayloadsAndTheModel() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("use cases").definedBy("dev.flowback.core.chain")
                .layer("steps").definedBy("dev.flowback.core.chain.step..")
                .layer("payloads").definedBy("dev.flowback.core.chain.payload..")
                .layer("ports").definedBy("dev.flowback.core.chain.port..")
                .layer("model").definedBy("dev.flowback.core.chain.model..")
                .layer("health rules").definedBy("dev.flowback.core.chain.health..")
                .whereLayer("use cases").mayNotBeAccessedByAnyLayer()
                .whereLayer("steps").mayNotBeAccessedByAnyLayer()
                .whereLayer("payloads").mayOnlyBeAccessedByLayers("steps")
                .whereLayer("ports").mayOnlyBeAccessedByLayers("steps", "use cases")
                .whereLayer("model").mayOnlyBeAccessedByLayers("steps", "use cases", "ports", "payloads")
                .whereLayer("health rules").mayOnlyBeAccessedByLayers("steps", "ports", "payloads", "model")
                .check(CORE);
    }

    /** Between the core's areas, and between the chain's parts (a definition format may name its package's types). */
    @Test
    void thePackagesAreFreeOfCycles() {
        slices().matching("dev.flowback.core.(*)..").should().beFreeOfCycles().check(CORE);
        slices().matching("dev.flowback.core.chain.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        Path sources = Path.of("src", "main", "java");
        Set<String> packages = CORE.stream().map(JavaClass::getPackageName).collect(Collectors.toCollection(
                TreeSet::new));
        assertTrue(packages.size() > 10, "imported " + packages);
        for (String pkg : packages) {
            Path info = sources.resolve(pkg.replace('.', '/')).resolve("package-info.java");
            assertTrue(Files.isRegularFile(info), "package " + pkg + " has no package-info.java");
            assertTrue(Files.readString(info).contains("package " + pkg + ";"), info.toString());
        }
    }

    /** Every error class is listed once, transient or permanent, so Retry and Catch can be checked against it. */
    @Test
    void everyFlowbackErrorIsEitherTransientOrPermanent() {
        List<String> listed = Stream.concat(ErrorCatalog.TRANSIENT.stream(), ErrorCatalog.PERMANENT.stream())
                .map(Class::getName).sorted().toList();
        List<String> declared = CORE.stream().filter(c -> c.isAssignableTo(FlowbackException.class))
                .filter(c -> !c.getModifiers().contains(JavaModifier.ABSTRACT))
                .filter(c -> !c.isEquivalentTo(FlowbackException.class))
                .map(JavaClass::getName).sorted().toList();
        assertEquals(declared, listed);
        classes().that().areAssignableTo(FlowbackException.class).should().beTopLevelClasses()
                .because("Step Functions matches the error by class name; a nested class's name carries a $")
                .check(CORE);
    }
}
