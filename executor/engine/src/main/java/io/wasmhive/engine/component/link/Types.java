package io.wasmhive.engine.component.link;

import io.wasmhive.engine.InvalidModuleException;
import io.wasmhive.engine.component.abi.FuncType;
import io.wasmhive.engine.component.abi.ResourceType;
import io.wasmhive.engine.component.abi.WitType;
import io.wasmhive.engine.component.abi.WitType.VariantOf;
import io.wasmhive.engine.component.binary.Sort;
import io.wasmhive.engine.component.binary.TypeExpr;
import java.util.ArrayList;
import java.util.List;

/** Resolves type definitions against a scope's type index space. */
final class Types {

    /** A component or instance type, kept with its scope until an import or export gives it meaning. */
    record Template(TypeExpr type, Scope scope) {}

    private static final java.util.concurrent.atomic.AtomicLong GUEST_RESOURCES = new java.util.concurrent.atomic.AtomicLong();

    private Types() {}

    /** What a type definition adds to the type index space. */
    static Object define(TypeExpr type, Scope scope) {
        return switch (type) {
            case TypeExpr.FuncT f -> {
                var params = new ArrayList<WitType>();
                f.params().forEach(p -> params.add(value(p, scope)));
                yield new FuncType(f.paramNames(), params, f.result() == null ? null : value(f.result(), scope));
            }
            case TypeExpr.ComponentT c -> new Template(c, scope);
            case TypeExpr.InstanceT i -> new Template(i, scope);
            case TypeExpr.ResourceT r -> ResourceType.componentDefined("component resource #" + GUEST_RESOURCES.incrementAndGet());
            default -> value(type, scope);
        };
    }

    static WitType value(TypeExpr type, Scope scope) {
        return switch (type) {
            case TypeExpr.Prim p -> p.primitive();
            case TypeExpr.Ref r -> scope.get(Sort.TYPE, r.index(), WitType.class);
            case TypeExpr.RecordT r -> new WitType.RecordOf(r.labels(), values(r.fields(), scope));
            case TypeExpr.VariantT v -> new VariantOf(v.labels(), values(v.payloads(), scope));
            case TypeExpr.ListT l -> new WitType.ListOf(value(l.element(), scope));
            case TypeExpr.TupleT t -> WitType.RecordOf.tuple(values(t.fields(), scope));
            case TypeExpr.FlagsT f -> new WitType.FlagsOf(f.labels());
            case TypeExpr.EnumT e -> VariantOf.enumOf(e.labels());
            case TypeExpr.OptionT o -> VariantOf.option(value(o.some(), scope));
            case TypeExpr.ResultT r -> VariantOf.result(
                    r.ok() == null ? null : value(r.ok(), scope), r.error() == null ? null : value(r.error(), scope));
            case TypeExpr.OwnT o -> new WitType.Own(scope.get(Sort.TYPE, o.resource(), ResourceType.class));
            case TypeExpr.BorrowT b -> new WitType.Borrow(scope.get(Sort.TYPE, b.resource(), ResourceType.class));
            default -> throw new InvalidModuleException("the component uses a " + type.getClass().getSimpleName()
                    + " where a value type belongs");
        };
    }

    private static List<WitType> values(List<TypeExpr> types, Scope scope) {
        var values = new ArrayList<WitType>(types.size());
        for (var type : types) {
            values.add(type == null ? null : value(type, scope));
        }
        return values;
    }
}
