package io.wasmhive.engine.component.abi;

import java.util.List;

/** A component function type: named parameters and at most one result (null for none). */
public record FuncType(List<String> paramNames, List<WitType> params, WitType result) {

    public FuncType {
        paramNames = List.copyOf(paramNames);
        params = List.copyOf(params);
    }

    public List<WitType> results() {
        return result == null ? List.of() : List.of(result);
    }

    /**
     * Whether a function of this type can stand for one of {@code other}: the same parameter and
     * result types; parameter names do not matter to the canonical ABI.
     */
    public boolean sameTypes(FuncType other) {
        return params.equals(other.params) && java.util.Objects.equals(result, other.result);
    }

    /** The type in WIT syntax: {@code func(name: string) -> list<u8>}. */
    @Override
    public String toString() {
        var text = new java.util.StringJoiner(", ", "func(", ")");
        for (int i = 0; i < params.size(); i++) {
            text.add(paramNames.get(i) + ": " + params.get(i));
        }
        return result == null ? text.toString() : text + " -> " + result;
    }
}
