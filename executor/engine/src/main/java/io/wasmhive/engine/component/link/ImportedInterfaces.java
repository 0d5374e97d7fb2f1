package io.wasmhive.engine.component.link;

import io.wasmhive.engine.InvalidModuleException;
import io.wasmhive.engine.component.abi.FuncType;
import io.wasmhive.engine.component.abi.ResourceType;
import io.wasmhive.engine.component.abi.WitType;
import io.wasmhive.engine.component.binary.Component;
import io.wasmhive.engine.component.binary.Definition;
import io.wasmhive.engine.component.binary.Sort;
import io.wasmhive.engine.component.binary.TypeExpr;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The WASI interfaces a component imports, with the types it declares for them, and the checks
 * that they are what the host implements: at upload ({@link #declaredFunctions}) and again when
 * the linker first resolves them.
 */
public final class ImportedInterfaces {

    /** How much of each signature a mismatch's message shows. */
    private static final int MAX_SIGNATURE_CHARS = 300;

    private ImportedInterfaces() {}

    /**
     * The functions each instance import of the outermost component declares, by import name, its
     * types resolved as the linker resolves them but without instantiating anything. Toolchains put
     * the imports first; the walk stops at the first instance the component makes or exports itself
     * (the types after it may depend on it), leaving what follows to the linker at load.
     */
    public static Map<String, Map<String, FuncType>> declaredFunctions(Component component) {
        var scope = new Scope(null); // only its type and instance index spaces
        var functions = new LinkedHashMap<String, Map<String, FuncType>>();
        for (var definition : component.definitions()) {
            switch (definition) {
                case Definition.Type t -> scope.add(Sort.TYPE, Types.define(t.type(), scope));
                case Definition.Import i -> {
                    requireInstance(i);
                    var types = types(i.name(), scope.get(Sort.TYPE, i.desc().typeIndex(), Types.Template.class));
                    scope.add(Sort.INSTANCE, types);
                    var declared = new LinkedHashMap<String, FuncType>();
                    types.forEach((name, type) -> {
                        if (type instanceof FuncType function) {
                            declared.put(name, function);
                        }
                    });
                    functions.put(i.name(), declared);
                }
                case Definition.ExportAlias a when a.sort() == Sort.TYPE -> {
                    Object type = scope.get(Sort.INSTANCE, a.instance(), Map.class).get(a.name());
                    if (type == null) {
                        return functions; // the linker says what is wrong
                    }
                    scope.add(Sort.TYPE, type);
                }
                case Definition.Instantiate _, Definition.InlineInstance _, Definition.Export _ -> {
                    return functions;
                }
                case Definition.Alias a when a.sort() == Sort.TYPE || a.sort() == Sort.INSTANCE -> {
                    return functions; // an outer alias, or an alias of an instance's instance
                }
                default -> { } // adds to no index space a type may refer to
            }
        }
        return functions;
    }

    /** The outermost component may import only instances: the WASI interfaces. */
    static void requireInstance(Definition.Import i) {
        if (i.desc().sort() != Sort.INSTANCE) {
            throw new InvalidModuleException("the component imports " + i.name() + " as a "
                    + i.desc().sort().name().toLowerCase() + "; a wasi-http function may import only WASI interfaces");
        }
    }

    /**
     * Refuses an imported function whose declared type is not the one the host implements
     * ({@code implemented}, null when the host takes any type): the canonical ABI would read its
     * values by the declared type, and the host code would get what it does not expect.
     */
    public static void requireImplementedType(String importName, String function, FuncType declared, FuncType implemented) {
        if (implemented != null && !declared.sameTypes(implemented)) {
            throw new InvalidModuleException("the component imports " + function + " from " + importName + " as "
                    + shortened(declared) + ", but Wasmhive implements it as " + shortened(implemented) + "; they differ in "
                    + difference(declared, implemented));
        }
    }

    /** A signature for a message: one with error-code in it runs to kilobytes, and the difference says what matters. */
    private static String shortened(FuncType type) {
        String text = type.toString();
        return text.length() <= MAX_SIGNATURE_CHARS ? text : text.substring(0, MAX_SIGNATURE_CHARS) + "…";
    }

    private static String difference(FuncType declared, FuncType implemented) {
        if (declared.params().size() != implemented.params().size()) {
            return "the number of parameters, " + declared.params().size() + " where Wasmhive has " + implemented.params().size();
        }
        for (int i = 0; i < declared.params().size(); i++) {
            if (!declared.params().get(i).equals(implemented.params().get(i))) {
                return difference("parameter " + (i + 1) + " (" + implemented.paramNames().get(i) + ")",
                        declared.params().get(i), implemented.params().get(i));
            }
        }
        return difference("the result", declared.result(), implemented.result());
    }

    /** The innermost place where two unequal types differ: {@code where} and what is there on each side. */
    private static String difference(String where, WitType declared, WitType implemented) {
        if (declared instanceof WitType.ListOf list && implemented instanceof WitType.ListOf expected) {
            return difference(where + ", element", list.element(), expected.element());
        }
        Named named = named(declared);
        Named expected = named(implemented);
        if (named != null && expected != null && named.kind().equals(expected.kind())) {
            for (int i = 0; i < Math.min(named.labels().size(), expected.labels().size()); i++) {
                if (!named.labels().get(i).equals(expected.labels().get(i))) {
                    return where + ", " + named.kind() + " " + (i + 1) + ": " + named.labels().get(i) + " where Wasmhive has "
                            + expected.labels().get(i);
                }
            }
            if (named.labels().size() != expected.labels().size()) {
                return where + ": " + named.labels().size() + " " + named.kind() + "s where Wasmhive has "
                        + expected.labels().size();
            }
            for (int i = 0; i < named.types().size(); i++) {
                if (!Objects.equals(named.types().get(i), expected.types().get(i))) {
                    return difference(where + ", " + named.kind() + " " + named.labels().get(i),
                            named.types().get(i), expected.types().get(i));
                }
            }
        }
        return where + ": " + (declared == null ? "nothing" : declared) + " where Wasmhive has "
                + (implemented == null ? "nothing" : implemented);
    }

    /** A record's fields, a variant's cases or flags: names, and types (null where a case has none). */
    private record Named(String kind, List<String> labels, List<WitType> types) {}

    private static Named named(WitType type) {
        return switch (type) {
            case WitType.RecordOf record -> new Named("field", record.labels(), record.fields());
            case WitType.VariantOf variant -> new Named("case", variant.labels(), variant.payloads());
            case WitType.FlagsOf flags -> new Named("flag", flags.labels(), Collections.nCopies(flags.labels().size(), null));
            case null, default -> null;
        };
    }

    /** An imported WASI interface's types: its resources named by interface, its functions' types. */
    static Map<String, Object> types(String importName, Types.Template template) {
        if (!(template.type() instanceof TypeExpr.InstanceT type)) {
            throw new InvalidModuleException("the component imports " + importName + " with a type that is not an instance type");
        }
        String interfaceName = ComponentLinker.interfaceName(importName);
        var local = new Scope(template.scope());
        var exports = new LinkedHashMap<String, Object>();
        for (var declaration : type.declarations()) {
            switch (declaration) {
                case TypeExpr.CoreTypeDecl c -> local.add(Sort.CORE_TYPE, c);
                case TypeExpr.TypeDecl t -> local.add(Sort.TYPE, Types.define(t.type(), local));
                case TypeExpr.AliasDecl a -> {
                    if (!(a.alias() instanceof Definition.OuterAlias outer)) {
                        throw new InvalidModuleException("the type of import " + importName + " uses an export alias");
                    }
                    local.add(outer.sort(), local.outer(outer.count(), outer.sort(), outer.index()));
                }
                case TypeExpr.ExportDecl e -> {
                    var desc = e.desc();
                    switch (desc.sort()) {
                        case TYPE -> {
                            Object exported = desc.subResource()
                                    ? ResourceType.host(interfaceName + "/" + e.name())
                                    : local.get(Sort.TYPE, desc.typeIndex());
                            local.add(Sort.TYPE, exported);
                            exports.put(e.name(), exported);
                        }
                        case FUNC -> exports.put(e.name(), local.get(Sort.TYPE, desc.typeIndex(), FuncType.class));
                        default -> throw new InvalidModuleException("the component imports " + importName
                                + " with a nested " + desc.sort().name().toLowerCase() + " " + e.name() + ", which is not supported");
                    }
                }
                case TypeExpr.ImportDecl d -> throw new InvalidModuleException("an instance type cannot import");
            }
        }
        return exports;
    }
}
