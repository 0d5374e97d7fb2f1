package io.wasmhive.engine.component;

import io.wasmhive.engine.InvalidModuleException;
import io.wasmhive.engine.component.binary.Component;
import io.wasmhive.engine.component.binary.Definition;
import io.wasmhive.engine.component.host.WasiSession;
import io.wasmhive.engine.component.link.ComponentLinker;
import io.wasmhive.engine.component.link.ImportedInterfaces;
import io.wasmhive.engine.internal.CoreModules;

/**
 * Upload-time checks of a component: every core module inside is valid, and every function it
 * imports is one the host provides, with the type the host implements, so that a function that
 * cannot run is refused at upload.
 */
public final class ComponentImports {

    private ComponentImports() {}

    public static void check(Component component) {
        checkModules(component);
        ImportedInterfaces.declaredFunctions(component).forEach((importName, functions) -> {
            String interfaceName = ComponentLinker.interfaceName(importName);
            functions.forEach((name, declared) -> {
                if (!WasiSession.provides(interfaceName, name)) {
                    throw new InvalidModuleException("the component imports " + name + " from " + importName
                            + ", which Wasmhive does not provide. Functions get the wasi:http/proxy world (wasi:http,"
                            + " wasi:io, wasi:clocks, wasi:random, wasi:cli) 0.2.x");
                }
                ImportedInterfaces.requireImplementedType(importName, name, declared, WasiSession.typeOf(interfaceName, name));
            });
        });
    }

    private static void checkModules(Component component) {
        for (var definition : component.definitions()) {
            if (definition instanceof Definition.CoreModule module) {
                try {
                    CoreModules.validate(module.bytes());
                } catch (InvalidModuleException e) {
                    throw new InvalidModuleException("the core module at offset " + module.offset() + " of the component is invalid: "
                            + e.getMessage(), e);
                }
            } else if (definition instanceof Definition.NestedComponent nested) {
                checkModules(nested.component());
            }
        }
    }
}
