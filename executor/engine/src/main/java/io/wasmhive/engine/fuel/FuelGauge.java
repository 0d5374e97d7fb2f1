package io.wasmhive.engine.fuel;

import com.dylibso.chicory.runtime.GlobalFactory;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.ValType;

/**
 * One request's fuel: a single balance that every metered core module of the request shares as
 * its fuel global, charged by host calls too, and read back for what was used. Not shared between
 * requests.
 */
public final class FuelGauge {

    private final long budget;
    private final GlobalInstance balance;
    private final GlobalInstance growRefused = new GlobalInstance(0, 0, ValType.I32, MutabilityType.Var);

    /** @param budget fuel the request may use */
    public FuelGauge(long budget) {
        this.budget = budget;
        this.balance = new GlobalInstance(budget, 0, ValType.I64, MutabilityType.Var);
    }

    /**
     * Creates a metered module's globals, handing it the shared balance as its fuel global and the
     * shared refusal flag as the global after it.
     *
     * @param fuelDefinedGlobal the fuel global's position among the module's own (not imported)
     *                          globals, -1 for a module that is not metered
     */
    public GlobalFactory globals(int fuelDefinedGlobal) {
        var created = new int[1];
        return (value, highValue, type, mutability) -> {
            int index = created[0]++;
            if (fuelDefinedGlobal < 0) {
                return new GlobalInstance(value, highValue, type, mutability);
            }
            if (index == fuelDefinedGlobal) {
                return balance;
            }
            return index == fuelDefinedGlobal + 1 ? growRefused : new GlobalInstance(value, highValue, type, mutability);
        };
    }

    /** Whether a memory.grow of the guest was refused: it asked for more memory than it may have. */
    public boolean growRefused() {
        return growRefused.getValue() != 0;
    }

    /** The host functions, each charging {@link FuelCosts#HOST_CALL} before it runs. */
    public HostFunction[] metered(HostFunction[] functions) {
        var metered = new HostFunction[functions.length];
        for (int i = 0; i < functions.length; i++) {
            HostFunction function = functions[i];
            metered[i] = new HostFunction(function.module(), function.name(), function.functionType(),
                    (instance, args) -> {
                        charge(FuelCosts.HOST_CALL);
                        return function.handle().apply(instance, args);
                    });
        }
        return metered;
    }

    /** Charges the balance, trapping when it is spent. */
    public void charge(long cost) {
        long left = balance.getValue() - cost;
        balance.setValue(left);
        if (left < 0) {
            throw new TrapException("fuel exhausted in a host call");
        }
    }

    /** Whether the guest ran out: its balance went below zero. */
    public boolean exhausted() {
        return balance.getValue() < 0;
    }

    /** Fuel used so far; the whole budget once exhausted. */
    public long used() {
        return Math.min(budget, budget - balance.getValue());
    }
}
