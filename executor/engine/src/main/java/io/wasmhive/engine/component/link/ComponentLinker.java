package io.wasmhive.engine.component.link;

import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.wasmhive.engine.InvalidModuleException;
import io.wasmhive.engine.MemoryLimitException;
import io.wasmhive.engine.component.abi.AbiContext;
import io.wasmhive.engine.component.abi.Calls;
import io.wasmhive.engine.component.abi.CoreType;
import io.wasmhive.engine.component.abi.FuncType;
import io.wasmhive.engine.component.abi.HostCall;
import io.wasmhive.engine.component.abi.Layout;
import io.wasmhive.engine.component.abi.ResourceType;
import io.wasmhive.engine.component.binary.CanonOptions;
import io.wasmhive.engine.component.binary.Component;
import io.wasmhive.engine.component.binary.Definition;
import io.wasmhive.engine.component.binary.Sort;
import io.wasmhive.engine.component.binary.TypeExpr;
import io.wasmhive.engine.fuel.FuelCosts;
import io.wasmhive.engine.fuel.FuelGauge;
import io.wasmhive.engine.internal.CoreModules;
import io.wasmhive.engine.internal.MemoryBudget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Instantiates a component: walks its definitions in order, creating its core instances (with the
 * request's fuel and memory limits), lowering host functions into them and lifting the guest's
 * exports. Nested components are instantiated the same way in their own scope.
 */
public final class ComponentLinker {

    private final Component component;
    private final Map<Definition.CoreModule, CompiledCore> modules;
    /**
     * What the outermost component's type definitions and imported interfaces resolve to: the same
     * for every request, so resolved once (nested components' types may depend on their arguments).
     */
    private final Map<Definition, Object> rootTypes = new IdentityHashMap<>();

    /** @param modules every core module of the component, nested ones included, compiled */
    /** The most core instances one component may create: real toolchains make two to five. */
    static final int MAX_CORE_INSTANCES = 32;
    /** What one request's guest may make the host copy out of its memory, in all. */
    static final long HOST_COPY_BYTES = 256L << 20;
    /** {@code (func (param i32))}: {@code canon resource.drop}, and a resource's destructor. */
    private static final FunctionType TAKES_I32 = FunctionType.of(List.of(ValType.I32), List.of());

    public ComponentLinker(Component component, Map<Definition.CoreModule, CompiledCore> modules) {
        this.component = component;
        this.modules = new IdentityHashMap<>(modules);
    }

    /** A core instance of a running component, with the budget of the memory it defines (or null). */
    public record Core(Instance instance, MemoryBudget budget) {}

    /** A running component: what it exports and the core instances it is made of. */
    public record Linked(Map<String, Object> exports, List<Core> cores) {

        /** Whether Wasmhive's limit is below what some memory of the component allows itself. */
        public boolean memoryCapped() {
            return cores.stream().anyMatch(c -> c.budget() != null && c.budget().capped());
        }

        /** The memory the component's own memories hold now, their peak: memory never shrinks. */
        public long memoryBytes() {
            return cores.stream().filter(c -> c.budget() != null)
                    .mapToLong(c -> (long) c.instance().memory().pages() * CoreModules.PAGE_BYTES).sum();
        }

        /** The lifted function {@code name} of the exported instance {@code instance}, or null. */
        public Calls.Lifted function(String instance, String name) {
            if (exports.get(instance) instanceof Map<?, ?> exported
                    && exported.get(name) instanceof ComponentFunc.Lifted lifted) {
                return lifted.call();
            }
            return null;
        }
    }

    public Linked instantiate(HostImports hosts, FuelGauge fuel, long memoryBytes) {
        var run = new Run(hosts, fuel, memoryBytes);
        var exports = run.component(component, new Scope(null), null);
        return new Linked(exports, run.cores);
    }

    /** The interface an import or export names, without its version: {@code wasi:http/types@0.2.3} → {@code wasi:http/types}. */
    public static String interfaceName(String name) {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    private final class Run {
        private final HostImports hosts;
        private final FuelGauge fuel;
        private final long memoryBytes;
        private final List<Core> cores = new ArrayList<>();
        private final AbiContext.HostCopies copies;
        private long initialMemoryBytes;

        Run(HostImports hosts, FuelGauge fuel, long memoryBytes) {
            this.hosts = hosts;
            this.fuel = fuel;
            this.memoryBytes = memoryBytes;
            this.copies = new AbiContext.HostCopies(HOST_COPY_BYTES);
        }

        /** Runs a component's definitions; {@code args} are a nested component's instantiation arguments. */
        Map<String, Object> component(Component component, Scope scope, Map<String, Object> args) {
            var exports = new LinkedHashMap<String, Object>();
            var mayLeave = new MayLeave();
            for (var definition : component.definitions()) {
                switch (definition) {
                    case Definition.CoreModule m -> scope.add(Sort.CORE_MODULE, modules.get(m));
                    case Definition.CoreInstantiate i -> scope.add(Sort.CORE_INSTANCE, instantiateCore(i, scope));
                    case Definition.CoreInlineInstance i -> {
                        var items = new HashMap<String, Object>();
                        i.exports().forEach(e -> items.put(e.name(), scope.get(e.sort(), e.index())));
                        scope.add(Sort.CORE_INSTANCE, CoreExports.of(items));
                    }
                    case Definition.CoreType t -> scope.add(Sort.CORE_TYPE, t);
                    case Definition.NestedComponent n -> scope.add(Sort.COMPONENT, new Closure(n.component(), scope));
                    case Definition.Instantiate i -> {
                        var closure = scope.get(Sort.COMPONENT, i.component(), Closure.class);
                        var given = new HashMap<String, Object>();
                        i.args().forEach(a -> given.put(a.name(), scope.get(a.sort(), a.index())));
                        scope.add(Sort.INSTANCE, component(closure.component(), new Scope(closure.scope()), given));
                    }
                    case Definition.InlineInstance i -> {
                        var items = new LinkedHashMap<String, Object>();
                        i.exports().forEach(e -> items.put(e.name(), scope.get(e.sort(), e.index())));
                        scope.add(Sort.INSTANCE, items);
                    }
                    case Definition.ExportAlias a -> {
                        Map<?, ?> instance = scope.get(Sort.INSTANCE, a.instance(), Map.class);
                        Object item = instance.get(a.name());
                        if (item == null) {
                            throw new InvalidModuleException("the component aliases export " + a.name()
                                    + " of instance " + a.instance() + ", which it does not export");
                        }
                        scope.add(a.sort(), item);
                    }
                    case Definition.CoreExportAlias a -> {
                        var instance = scope.get(Sort.CORE_INSTANCE, a.coreInstance(), CoreExports.class);
                        Object item = instance.export(a.name());
                        if (item == null) {
                            throw new InvalidModuleException("the component aliases core export " + a.name()
                                    + " of core instance " + a.coreInstance() + ", which it does not export");
                        }
                        scope.add(a.sort(), item);
                    }
                    case Definition.OuterAlias a -> scope.add(a.sort(), scope.outer(a.count(), a.sort(), a.index()));
                    case Definition.Type t -> {
                        Object type = args == null && !(t.type() instanceof TypeExpr.ComponentT
                                || t.type() instanceof TypeExpr.InstanceT) // a template holds its scope: this request's instances
                                ? rootType(t, () -> Types.define(t.type(), scope))
                                : Types.define(t.type(), scope);
                        if (t.type() instanceof TypeExpr.ResourceT r && r.destructor() >= 0) {
                            hosts.resources().destructor((ResourceType) type, destructor(r, scope));
                        }
                        scope.add(Sort.TYPE, type);
                    }
                    case Definition.Lift l -> scope.add(Sort.FUNC, lift(l, scope, mayLeave));
                    case Definition.Lower l -> scope.add(Sort.CORE_FUNC, lower(l, scope, mayLeave));
                    case Definition.ResourceDrop d -> {
                        var type = scope.get(Sort.TYPE, d.type(), ResourceType.class);
                        scope.add(Sort.CORE_FUNC, new CoreFunc(TAKES_I32, (instance, a) -> {
                            mayLeave.require("resource.drop");
                            hosts.resources().drop((int) a[0], type);
                            return null;
                        }));
                    }
                    case Definition.ResourceNew n -> {
                        var type = componentResource(scope.get(Sort.TYPE, n.type(), ResourceType.class), "resource.new");
                        scope.add(Sort.CORE_FUNC, new CoreFunc(FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
                                (instance, a) -> {
                                    mayLeave.require("resource.new");
                                    return new long[] {hosts.resources().add(type, (int) a[0], true)};
                                }));
                    }
                    case Definition.ResourceRep r -> {
                        var type = componentResource(scope.get(Sort.TYPE, r.type(), ResourceType.class), "resource.rep");
                        scope.add(Sort.CORE_FUNC, new CoreFunc(FunctionType.of(List.of(ValType.I32), List.of(ValType.I32)),
                                (instance, a) -> {
                                    mayLeave.require("resource.rep");
                                    return new long[] {(Integer) hosts.resources().rep((int) a[0], type)};
                                }));
                    }
                    case Definition.Import i -> importDefinition(i, scope, args);
                    case Definition.Export e -> {
                        Object item = scope.get(e.sort(), e.index());
                        exports.put(e.name(), item);
                        scope.add(e.sort(), item);
                    }
                }
            }
            return exports;
        }

        private void importDefinition(Definition.Import i, Scope scope, Map<String, Object> args) {
            var desc = i.desc();
            if (args != null) {
                Object given = args.get(i.name());
                if (given == null) {
                    throw new InvalidModuleException("a nested component imports " + i.name() + ", but it is not given");
                }
                scope.add(desc.sort(), given);
                return;
            }
            ImportedInterfaces.requireInstance(i);
            var template = scope.get(Sort.TYPE, desc.typeIndex(), Types.Template.class);
            @SuppressWarnings("unchecked")
            var types = (Map<String, Object>) rootType(i, () -> checkedTypes(i.name(), template));
            var instance = new LinkedHashMap<String, Object>();
            String interfaceName = interfaceName(i.name());
            types.forEach((name, type) -> instance.put(name, type instanceof FuncType funcType
                    ? hostFunction(i.name(), interfaceName, name, funcType)
                    : type));
            scope.add(Sort.INSTANCE, instance);
        }

        /**
         * An imported interface's types, its functions' checked against what the host implements:
         * once, since the outermost component's imports are resolved once.
         */
        private Map<String, Object> checkedTypes(String importName, Types.Template template) {
            var types = ImportedInterfaces.types(importName, template);
            String interfaceName = interfaceName(importName);
            types.forEach((name, type) -> {
                if (type instanceof FuncType declared) {
                    ImportedInterfaces.requireImplementedType(importName, name, declared, hosts.implementedType(interfaceName, name));
                }
            });
            return types;
        }

        private ComponentFunc.Host hostFunction(String importName, String interfaceName, String name, FuncType type) {
            HostCall call = hosts.function(interfaceName, name, type);
            if (call == null) {
                throw new InvalidModuleException("the component imports " + name + " from " + importName
                        + ", which Wasmhive does not provide");
            }
            return new ComponentFunc.Host(interfaceName + "#" + name, type, call);
        }

        private CoreExports instantiateCore(Definition.CoreInstantiate definition, Scope scope) {
            var compiled = scope.get(Sort.CORE_MODULE, definition.module(), CompiledCore.class);
            var given = new HashMap<String, CoreExports>();
            definition.args().forEach(a -> given.put(a.name(), scope.get(Sort.CORE_INSTANCE, a.instance(), CoreExports.class)));
            var module = compiled.module();
            var imports = ImportValues.builder();
            var section = module.importSection();
            for (int i = 0; i < section.importCount(); i++) {
                var imp = section.getImport(i);
                var from = given.get(imp.module());
                Object item = from == null ? null : from.export(imp.name());
                if (item == null) {
                    throw new InvalidModuleException("a core module of the component imports " + imp.module() + "." + imp.name()
                            + ", which the component does not supply");
                }
                switch (item) {
                    case CoreFunc f when imp instanceof FunctionImport -> imports.addFunction(
                            new ImportFunction(imp.module(), imp.name(), f.type(), f.handle()));
                    case Memory m -> imports.addMemory(new ImportMemory(imp.module(), imp.name(), m));
                    case TableInstance t -> imports.addTable(new ImportTable(imp.module(), imp.name(), t));
                    case GlobalInstance g -> imports.addGlobal(new ImportGlobal(imp.module(), imp.name(), g));
                    default -> throw new InvalidModuleException("a core module of the component imports " + imp.module() + "."
                            + imp.name() + " as a " + imp.importType().name().toLowerCase() + ", but is given a "
                            + CoreExports.kindOf(item).name().toLowerCase());
                }
            }
            var builder = Instance.builder(module)
                    .withImportValues(imports.build())
                    .withMachineFactory(compiled.machineFactory())
                    .withMemoryFactory(compiled.memories())
                    .withGlobalFactory(fuel.globals(compiled.fuelDefinedGlobal()));
            if (cores.size() >= MAX_CORE_INSTANCES) {
                throw new InvalidModuleException("the component creates more than " + MAX_CORE_INSTANCES + " core instances");
            }
            var budget = CoreModules.memoryLimits(module).map(declared -> MemoryBudget.of(declared, memoryBytes)).orElse(null);
            if (budget != null) {
                initialMemoryBytes += budget.limits().initialPages() * CoreModules.PAGE_BYTES;
                if (initialMemoryBytes > memoryBytes) {
                    throw new MemoryLimitException("the component's memories need " + initialMemoryBytes
                            + " bytes to start, more than its limit of " + memoryBytes + " bytes", null);
                }
                builder.withMemoryLimits(budget.limits());
            }
            var instance = builder.build();
            cores.add(new Core(instance, budget));
            return CoreExports.of(instance);
        }

        /**
         * The destructor of a resource type the component defines: a core function of this
         * request's instances, called like any other (its instructions spend the request's fuel).
         */
        private IntConsumer destructor(TypeExpr.ResourceT resource, Scope scope) {
            var core = scope.get(Sort.CORE_FUNC, resource.destructor(), CoreFunc.class);
            if (!core.type().equals(TAKES_I32)) {
                throw new InvalidModuleException("the component gives a resource a destructor of type " + core.type()
                        + "; a destructor takes the i32 representation and returns nothing");
            }
            return rep -> core.handle().apply(null, Integer.toUnsignedLong(rep));
        }

        private ComponentFunc lift(Definition.Lift lift, Scope scope, MayLeave mayLeave) {
            var type = scope.get(Sort.TYPE, lift.type(), FuncType.class);
            var core = scope.get(Sort.CORE_FUNC, lift.coreFunc(), CoreFunc.class);
            var cx = context(lift.options(), scope, mayLeave);
            var postReturn = lift.options().postReturn() < 0 ? null
                    : mayLeave.barring(scope.get(Sort.CORE_FUNC, lift.options().postReturn(), CoreFunc.class).handle());
            return new ComponentFunc.Lifted(type, Calls.lift(type, () -> cx, core.handle(), postReturn));
        }

        private CoreFunc lower(Definition.Lower lower, Scope scope, MayLeave mayLeave) {
            var func = scope.get(Sort.FUNC, lower.func(), ComponentFunc.class);
            if (!(func instanceof ComponentFunc.Host host)) {
                throw new InvalidModuleException("the component lowers one of its own lifted functions;"
                        + " calls between a component's own parts are not supported");
            }
            var cx = context(lower.options(), scope, mayLeave);
            HostCall charged = args -> {
                mayLeave.require(host.name());
                fuel.charge(FuelCosts.HOST_CALL);
                return host.call().call(args);
            };
            return new CoreFunc(loweredSignature(host.type()), Calls.lower(host.type(), () -> cx, charged));
        }

        private AbiContext context(CanonOptions options, Scope scope, MayLeave mayLeave) {
            Memory memory = options.memory() < 0 ? null : scope.get(Sort.CORE_MEMORY, options.memory(), Memory.class);
            AbiContext.Realloc realloc = null;
            if (options.realloc() >= 0) {
                var function = mayLeave.barring(scope.get(Sort.CORE_FUNC, options.realloc(), CoreFunc.class).handle());
                realloc = (ptr, size, alignment, newSize) -> (int) function.apply(null, Integer.toUnsignedLong(ptr),
                        Integer.toUnsignedLong(size), alignment, Integer.toUnsignedLong(newSize))[0];
            }
            return new AbiContext(memory, realloc, options.encoding(), hosts.resources(), copies);
        }
    }

    private static ResourceType componentResource(ResourceType type, String builtin) {
        if (!type.componentDefined()) {
            throw new InvalidModuleException("the component uses canon " + builtin + " on " + type
                    + ", a resource of the host; only its own resources may be made or read that way");
        }
        return type;
    }

    private Object rootType(Definition definition, java.util.function.Supplier<Object> resolve) {
        synchronized (rootTypes) {
            return rootTypes.computeIfAbsent(definition, d -> resolve.get());
        }
    }

    /** A nested component definition with the scope its outer aliases see. */
    private record Closure(Component component, Scope scope) {}

    /** The core signature of a lowered function: flat, or through memory past the canonical ABI's limits. */
    static FunctionType loweredSignature(FuncType type) {
        var params = new ArrayList<ValType>();
        var flatParams = Layout.flatten(type.params());
        if (flatParams.size() > Layout.MAX_FLAT_PARAMS) {
            params.add(ValType.I32);
        } else {
            flatParams.forEach(t -> params.add(valType(t)));
        }
        var results = new ArrayList<ValType>();
        var flatResults = Layout.flatten(type.results());
        if (flatResults.size() > Layout.MAX_FLAT_RESULTS) {
            params.add(ValType.I32);
        } else {
            flatResults.forEach(t -> results.add(valType(t)));
        }
        return FunctionType.of(params, results);
    }

    private static ValType valType(CoreType type) {
        return switch (type) {
            case I32 -> ValType.I32;
            case I64 -> ValType.I64;
            case F32 -> ValType.F32;
            case F64 -> ValType.F64;
        };
    }
}
