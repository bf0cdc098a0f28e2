package dev.flowback.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core is the domain: it must stay free of AWS SDK and Lambda types so it can be tested without either. */
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
    void coreDoesNotReachIntoAdaptersOrFunctions() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("dev.flowback.adapter..", "dev.flowback.function..", "dev.flowback.emulators..")
                .because("dependencies point inwards: adapters depend on the core, never the reverse")
                .check(CORE);
    }

    @Test
    void theImportSawTheCore() {
        // Guards the two rules above against passing vacuously because nothing was imported.
        org.junit.jupiter.api.Assertions.assertTrue(CORE.size() > 20, "imported " + CORE.size() + " classes");
    }
}
