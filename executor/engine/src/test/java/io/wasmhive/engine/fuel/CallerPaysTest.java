package io.wasmhive.engine.fuel;

import static io.wasmhive.engine.fuel.HandBuiltModules.I32;
import static io.wasmhive.engine.fuel.HandBuiltModules.codeSection;
import static io.wasmhive.engine.fuel.HandBuiltModules.header;
import static io.wasmhive.engine.fuel.HandBuiltModules.instance;
import static io.wasmhive.engine.fuel.HandBuiltModules.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.ChicoryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A function that is one straight-line region is paid for by its callers, through a direct call
 * and through {@code call_indirect} into a fixed table, to the same unit as when it paid for
 * itself; counted by hand on a module of three {@code (i32) -> i32} functions:
 *
 * <pre>
 * f0 (exported "f"): local.get 0  call 1  local.get 0  call_indirect 0 0  end   ;; 5, + 4 for f1
 * f1: local.get 0  i32.const 1  i32.add  end                                    ;; 4, paid by its callers
 * f2: local.get 0  if (result i32) i32.const 2 else i32.const 3 end  end        ;; 2 + 2 + 1 = 5, pays itself
 * table: [f1, f2, null]
 * </pre>
 */
class CallerPaysTest {

    @ParameterizedTest(name = "f({0}) costs {1}, table exported: {2}, compiled: {3}")
    @CsvSource({
        "0, 13, false, false", // f0 9 (with the direct f1), f1 again through the dispatched call_indirect 4
        "1, 14, false, false", // f0 9, f2 5
        "0, 13, false, true",
        "1, 14, false, true",
        "0, 13, true, false", // an exported table could change: every function pays for itself, same fuel
        "1, 14, true, true"
    })
    void callersPayExactlyWhatTheCalleeRuns(int x, long expectedFuel, boolean exportTable, boolean compiled) {
        var gauge = new FuelGauge(1_000);
        instance(module(exportTable), gauge, compiled).export("f").apply(x);

        assertThat(gauge.used()).isEqualTo(expectedFuel);
    }

    @ParameterizedTest(name = "f({0}) costs {1}, compiled: {2}")
    @CsvSource({"0, 13, false", "1, 14, false", "0, 13, true", "1, 14, true"})
    void aCallThroughTheSameTypeInOtherBytesPaysToo(int x, long expectedFuel, boolean compiled) {
        var gauge = new FuelGauge(1_000);
        // the call_indirect names type 1: type 0 again, its parameter count written in two bytes
        instance(module(false, true), gauge, compiled).export("f").apply(x);

        assertThat(gauge.used()).isEqualTo(expectedFuel);
    }

    @Test
    void aFunctionItsCallersPayForIsLeftAsItIs() {
        byte[] original = module(false);
        byte[] metered = FuelInstrumenter.instrument(original).bytes();

        assertThat(indexOf(metered, F1)).isPositive(); // f1's body, unchanged: no reload, charge or flush
        assertThat(indexOf(FuelInstrumenter.instrument(module(true)).bytes(), F1)).isNegative();
    }

    @ParameterizedTest(name = "compiled: {0}")
    @CsvSource({"false", "true"})
    void anEmptyTableEntryStillTraps(boolean compiled) {
        var gauge = new FuelGauge(1_000);
        var instance = instance(module(false), gauge, compiled);

        assertThatThrownBy(() -> instance.export("f").apply(2)).isInstanceOf(ChicoryException.class);
        assertThat(gauge.exhausted()).isFalse();
    }

    @ParameterizedTest(name = "budget {0}, compiled: {1}")
    @CsvSource({"8, false", "8, true", "12, false", "12, true"})
    void runningOutStillTraps(long budget, boolean compiled) {
        var gauge = new FuelGauge(budget);
        var instance = instance(module(false), gauge, compiled);

        // 8: f0's entry (9, with f1) is already too much; 12: f0 fits, its indirect f1 (4) does not,
        // and f0 checks only at entry, so the host sees the overdraft when f0 returns
        if (budget < 9) {
            assertThatThrownBy(() -> instance.export("f").apply(0)).isInstanceOf(TrapException.class);
        } else {
            instance.export("f").apply(0);
        }
        assertThat(gauge.exhausted()).isTrue();
    }

    private static final int[] F1 = {0x20, 0, 0x41, 1, 0x6a, 0x0b};

    private static byte[] module(boolean exportTable) {
        return module(exportTable, false);
    }

    private static byte[] module(boolean exportTable, boolean callTheTwinType) {
        var out = header();
        if (callTheTwinType) {
            section(out, 1, 2, 0x60, 1, I32, 1, I32, 0x60, 0x81, 0x00, I32, 1, I32); // types 0 and 1: (i32) -> i32
        } else {
            section(out, 1, 1, 0x60, 1, I32, 1, I32); // type 0: (i32) -> i32
        }
        section(out, 3, 3, 0, 0, 0); // three functions of type 0
        section(out, 4, 1, 0x70, 0x00, 3); // table 0: 3 funcref
        if (exportTable) {
            section(out, 7, 2, 1, 'f', 0x00, 0, 1, 't', 0x01, 0);
        } else {
            section(out, 7, 1, 1, 'f', 0x00, 0);
        }
        section(out, 9, 1, 0, 0x41, 0, 0x0b, 2, 1, 2); // table[0..1] = f1, f2
        int[] f0 = {0, 0x20, 0, 0x10, 1, 0x20, 0, 0x11, callTheTwinType ? 1 : 0, 0, 0x0b};
        int[] f1 = {0, 0x20, 0, 0x41, 1, 0x6a, 0x0b};
        int[] f2 = {0, 0x20, 0, 0x04, I32, 0x41, 2, 0x05, 0x41, 3, 0x0b, 0x0b};
        codeSection(out, f0, f1, f2);
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, int[] needle) {
        outer:
        for (int i = 0; i + 2 + needle.length <= haystack.length; i++) {
            // the body with its size and empty locals in front
            if (haystack[i] != needle.length + 1 || haystack[i + 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if ((haystack[i + 2 + j] & 0xff) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
