package io.wasmhive.engine.component.binary;

import io.wasmhive.engine.component.abi.WitType.Primitive;
import java.util.List;

/** A type definition as written in the binary, with references still by index. */
public sealed interface TypeExpr {

    /** A value type written inline as a primitive. */
    record Prim(Primitive primitive) implements TypeExpr {}

    /** A value type written as a reference into the type index space. */
    record Ref(int index) implements TypeExpr {}

    record RecordT(List<String> labels, List<TypeExpr> fields) implements TypeExpr {}

    /** A variant; payloads may contain nulls. */
    record VariantT(List<String> labels, List<TypeExpr> payloads) implements TypeExpr {}

    record ListT(TypeExpr element) implements TypeExpr {}

    record TupleT(List<TypeExpr> fields) implements TypeExpr {}

    record FlagsT(List<String> labels) implements TypeExpr {}

    record EnumT(List<String> labels) implements TypeExpr {}

    record OptionT(TypeExpr some) implements TypeExpr {}

    /** ok and error may be null. */
    record ResultT(TypeExpr ok, TypeExpr error) implements TypeExpr {}

    record OwnT(int resource) implements TypeExpr {}

    record BorrowT(int resource) implements TypeExpr {}

    /** result may be null. */
    record FuncT(List<String> paramNames, List<TypeExpr> params, TypeExpr result) implements TypeExpr {}

    record ComponentT(List<Declaration> declarations) implements TypeExpr {}

    record InstanceT(List<Declaration> declarations) implements TypeExpr {}

    /** A resource defined by this component; destructor is a core function index or -1. */
    record ResourceT(int destructor) implements TypeExpr {}

    /** A declaration inside a component or instance type. */
    sealed interface Declaration {}

    record CoreTypeDecl() implements Declaration {}

    record TypeDecl(TypeExpr type) implements Declaration {}

    record AliasDecl(Definition.Alias alias) implements Declaration {}

    record ImportDecl(String name, ExternDesc desc) implements Declaration {}

    record ExportDecl(String name, ExternDesc desc) implements Declaration {}

    /**
     * The type of an import or export: its sort and type index; for types, either an equality
     * bound ({@code typeIndex}) or a fresh resource ({@code subResource}).
     */
    record ExternDesc(Sort sort, int typeIndex, boolean subResource) {}
}
