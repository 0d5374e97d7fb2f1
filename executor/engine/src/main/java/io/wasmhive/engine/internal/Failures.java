package io.wasmhive.engine.internal;

import com.dylibso.chicory.runtime.TrapException;
import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.FuelExhaustedException;
import io.wasmhive.engine.GuestFailureException;
import io.wasmhive.engine.GuestTrapException;
import io.wasmhive.engine.MemoryLimitException;
import io.wasmhive.engine.fuel.FuelGauge;

/** Why a guest failed, whatever its ABI: its fuel, its memory, or its own fault. */
public final class Failures {

    private Failures() {}

    /**
     * @param memoryCapped whether Wasmhive's limit is below what the guest's memory allows itself;
     *                     a refused grow then means the guest failed for want of memory
     */
    public static GuestFailureException classify(Throwable failure, FuelGauge fuel, boolean memoryCapped,
            ExecutionLimits limits) {
        if (fuel.exhausted()) {
            return new FuelExhaustedException(limits.fuel());
        }
        if (failure instanceof BoundedOutputStream.LimitExceededException) {
            return new GuestTrapException(failure.getMessage(), failure);
        }
        if (failure instanceof StackOverflowError) {
            return new GuestTrapException("the function exhausted its call stack (recursion too deep)", failure);
        }
        if (memoryCapped && fuel.growRefused()) {
            return new MemoryLimitException("the function failed after using all of its " + limits.memoryBytes()
                    + " bytes of memory: " + failure.getMessage(), failure);
        }
        return new GuestTrapException((failure instanceof TrapException ? "the function trapped: " : "the function failed: ")
                + failure.getMessage(), failure);
    }
}
