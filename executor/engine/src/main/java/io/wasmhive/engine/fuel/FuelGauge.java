package io.wasmhive.engine.fuel;

import com.dylibso.chicory.runtime.GlobalFactory;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.types.MutabilityType;
import com.dylibso.chicory.wasm.types.ValType;

/**
 * One request's fuel: puts the budget into the metered module's fuel global as the instance is
 * created, charges host calls, and reads back what was used. Not shared between requests.
 */
public final class FuelGauge implements GlobalFactory {

    private final int fuelDefinedGlobal;
    private final long budget;
    private int created;
    private GlobalInstance balance;

    /**
     * @param fuelDefinedGlobal the fuel global's position among the module's own (not imported) globals
     * @param budget            fuel the request may use
     */
    public FuelGauge(int fuelDefinedGlobal, long budget) {
        this.fuelDefinedGlobal = fuelDefinedGlobal;
        this.budget = budget;
    }

    @Override
    public GlobalInstance create(long value, long highValue, ValType type, MutabilityType mutability) {
        boolean fuel = created++ == fuelDefinedGlobal;
        var global = new GlobalInstance(fuel ? budget : value, highValue, type, mutability);
        if (fuel) {
            balance = global;
        }
        return global;
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

    private void charge(long cost) {
        long left = balance.getValue() - cost;
        balance.setValue(left);
        if (left < 0) {
            throw new TrapException("fuel exhausted in a host call");
        }
    }

    /** Whether the guest ran out: its balance went below zero. */
    public boolean exhausted() {
        return balance != null && balance.getValue() < 0;
    }

    /** Fuel used so far; the whole budget once exhausted. */
    public long used() {
        return balance == null ? 0 : Math.min(budget, budget - balance.getValue());
    }
}
