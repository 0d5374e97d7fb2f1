package io.wasmhive.common;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Rules every Wasmhive app obeys; each app checks them on its own classes with ArchTests.in(...). */
public final class ArchitectureRules {

    private ArchitectureRules() {}

    @ArchTest
    public static final ArchRule noChicoryOutsideTheEngine = noClasses().should()
            .dependOnClassesThat().resideInAPackage("com.dylibso.chicory..");

    @ArchTest
    public static final ArchRule engineInternalsStayInTheEngine = noClasses().should()
            .dependOnClassesThat().resideInAPackage("io.wasmhive.engine.internal..");

    @ArchTest
    public static final ArchRule entitiesStayInTheServiceLayer = noClasses()
            .that().haveSimpleNameEndingWith("Controller")
            .should().dependOnClassesThat().areAnnotatedWith(jakarta.persistence.Entity.class);
}
