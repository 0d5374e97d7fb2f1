package io.wasmhive.api;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import io.wasmhive.common.ArchitectureRules;

@AnalyzeClasses(packages = "io.wasmhive.api", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests wasmhiveRules = ArchTests.in(ArchitectureRules.class);
}
