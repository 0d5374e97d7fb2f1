package io.wasmhive.engine.component;

import io.wasmhive.engine.InvalidModuleException;
import io.wasmhive.engine.component.binary.Component;
import io.wasmhive.engine.component.binary.Definition;
import io.wasmhive.engine.component.binary.Sort;
import io.wasmhive.engine.component.binary.TypeExpr;
import io.wasmhive.engine.component.host.WasiSession;
import io.wasmhive.engine.component.link.ComponentLinker;
import io.wasmhive.engine.internal.CoreModules;
import java.util.ArrayList;
import java.util.List;

/**
 * Upload-time checks of a component: every core module inside is valid, and every function it
 * imports is one the host provides, so that a function that cannot run is refused at upload.
 */
public final class ComponentImports {

    private ComponentImports() {}

    public static void check(Component component) {
        checkModules(component);
        var types = new ArrayList<TypeExpr>(); // the root's type index space; null where not a definition
        for (var definition : component.definitions()) {
            switch (definition) {
                case Definition.Type t -> types.add(t.type());
                case Definition.Alias a when a.sort() == Sort.TYPE -> types.add(null);
                case Definition.Export e when e.sort() == Sort.TYPE -> types.add(null);
                case Definition.Import i -> {
                    if (i.desc().sort() == Sort.TYPE) {
                        types.add(null);
                    } else if (i.desc().sort() != Sort.INSTANCE) {
                        throw new InvalidModuleException("the component imports " + i.name() + " as a "
                                + i.desc().sort().name().toLowerCase() + "; a wasi-http function may import only WASI interfaces");
                    } else {
                        checkInstance(i.name(), typeAt(types, i.desc().typeIndex()));
                    }
                }
                default -> { }
            }
        }
    }

    private static TypeExpr typeAt(List<TypeExpr> types, int index) {
        return index >= 0 && index < types.size() ? types.get(index) : null;
    }

    private static void checkInstance(String importName, TypeExpr type) {
        if (!(type instanceof TypeExpr.InstanceT instance)) {
            return; // an instance type reached through an alias: the link at load checks it
        }
        String interfaceName = ComponentLinker.interfaceName(importName);
        for (var declaration : instance.declarations()) {
            if (declaration instanceof TypeExpr.ExportDecl export && export.desc().sort() == Sort.FUNC
                    && !WasiSession.provides(interfaceName, export.name())) {
                throw new InvalidModuleException("the component imports " + export.name() + " from " + importName
                        + ", which Wasmhive does not provide. Functions get the wasi:http/proxy world (wasi:http,"
                        + " wasi:io, wasi:clocks, wasi:random, wasi:cli) 0.2.x");
            }
        }
    }

    private static void checkModules(Component component) {
        for (var definition : component.definitions()) {
            if (definition instanceof Definition.CoreModule module) {
                try {
                    CoreModules.prepare(module.bytes());
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
