package io.wasmhive.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.wasmhive.api", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noChicoryOutsideTheEngine = noClasses().should()
            .dependOnClassesThat().resideInAPackage("com.dylibso.chicory..");

    @ArchTest
    static final ArchRule engineInternalsStayInTheEngine = noClasses().should()
            .dependOnClassesThat().resideInAPackage("io.wasmhive.engine.internal..");

    @ArchTest
    static final ArchRule entitiesStayInTheServiceLayer = noClasses()
            .that().haveSimpleNameEndingWith("Controller")
            .should().dependOnClassesThat().areAnnotatedWith(jakarta.persistence.Entity.class);
}
