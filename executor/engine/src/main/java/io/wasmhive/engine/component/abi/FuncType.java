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
}
