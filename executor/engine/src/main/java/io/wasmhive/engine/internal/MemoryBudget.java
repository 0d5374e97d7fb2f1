package io.wasmhive.engine.internal;

import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wasmhive.engine.MemoryLimitException;

/**
 * Chicory's memory limits replace a module's own rather than capping them, so the effective
 * maximum is computed here: {@code min(declared maximum, limit)}.
 */
public record MemoryBudget(MemoryLimits limits, boolean capped) {

    public static MemoryBudget of(MemoryLimits declared, long limitBytes) {
        int limitPages = (int) Math.min(limitBytes / CoreModules.PAGE_BYTES, MemoryLimits.MAX_PAGES);
        if (declared.initialPages() > limitPages) {
            throw new MemoryLimitException("the module needs " + declared.initialPages() * CoreModules.PAGE_BYTES
                    + " bytes of memory to start, more than its limit of " + limitBytes + " bytes", null);
        }
        boolean capped = declared.maximumPages() > limitPages;
        int maximum = Math.min(declared.maximumPages(), limitPages);
        return new MemoryBudget(new MemoryLimits(declared.initialPages(), maximum), capped);
    }


}
