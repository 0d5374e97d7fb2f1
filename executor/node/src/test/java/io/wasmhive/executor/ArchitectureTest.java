package io.wasmhive.executor;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import io.wasmhive.common.ArchitectureRules;

@AnalyzeClasses(packages = "io.wasmhive.executor", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests wasmhiveRules = ArchTests.in(ArchitectureRules.class);
}
