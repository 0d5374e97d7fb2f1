package io.wasmhive.engine.fuel;

import static io.wasmhive.engine.fuel.HandBuiltModules.I32;
import static io.wasmhive.engine.fuel.HandBuiltModules.codeSection;
import static io.wasmhive.engine.fuel.HandBuiltModules.header;
import static io.wasmhive.engine.fuel.HandBuiltModules.instance;
import static io.wasmhive.engine.fuel.HandBuiltModules.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.wasmhive.engine.internal.CoreModules;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A function only direct calls reach is handed its caller's balance as an extra parameter and
 * hands it back in its result, and costs the same to the unit as when it used the fuel global. On a module of two
 * {@code (i32) -> i32} functions, f0 exported as "f" calling f1, which loops:
 *
 * <pre>
 * f0: local.get 0  call 1  end                                       ;; 3
 * f1 (one i32 local): loop                                           ;; 1
 *       local.get 1  local.get 0  i32.add  local.set 1                ;; 9 per iteration
 *       local.get 0  i32.const 1  i32.sub  local.tee 0  br_if 0
 *     end  local.get 1  end                                          ;; 3
 * </pre>
 *
 * So f(n) returns n + (n - 1) + ... + 1 and costs 9n + 7.
 */
class BalanceHandedTest {

    @ParameterizedTest(name = "{0}: f1 handed the balance: {1}, compiled: {2}")
    @CsvSource({
        "hidden, true, false",
        "hidden, true, true",
        "exported, false, false", // the host can call f1: it reads the global
        "exported, false, true",
        "in-table, false, true", // call_indirect can reach f1
        "ref-func, false, true" // a reference to some function is taken: no function is handed it
    })
    void aCalleeHandedTheBalanceCostsTheSame(String shape, boolean handed, boolean compiled) {
        byte[] module = module(shape);
        var gauge = new FuelGauge(1_000);

        assertThat(instance(module, gauge, compiled).export("f").apply(5)[0]).isEqualTo(15);
        assertThat(gauge.used()).isEqualTo(9 * 5 + 7 + (shape.equals("ref-func") ? 2 : 0));
        var f1 = typeOfF1(module);
        assertThat(f1.params()).hasSize(handed ? 2 : 1);
        assertThat(f1.returns()).containsExactly(handed ? ValType.I64 : ValType.I32); // handed back with its result
    }

    @ParameterizedTest(name = "compiled: {0}")
    @CsvSource({"false", "true"})
    void runningOutInACalleeHandedTheBalanceTraps(boolean compiled) {
        var gauge = new FuelGauge(30);
        var instance = instance(module("hidden"), gauge, compiled);

        assertThatThrownBy(() -> instance.export("f").apply(5)).isInstanceOf(TrapException.class);
        assertThat(gauge.exhausted()).isTrue();
    }

    /**
     * A callee that spends more than half an i64 result can say (a refused {@code memory.grow} of
     * 2^32 - 1 pages is charged {@code pages << 10}) writes the global, and its caller reads it:
     *
     * <pre>
     * f0: call 1  [i32.const 7]  end                        ;; 2 (3 when f1 returns nothing)
     * f1: i32.const -1  memory.grow 0  [drop]  end          ;; 3 (4), + (2^32 - 1) << 10
     * </pre>
     */
    @ParameterizedTest(name = "f1 returns an i32: {0}, compiled: {1}")
    @CsvSource({"true, false", "true, true", "false, false", "false, true"})
    void aCalleeThatSpendsMoreThanItsResultCanSayStillPaysIt(boolean returnsI32, boolean compiled) {
        var gauge = new FuelGauge(1L << 50);
        var out = header();
        section(out, 1, 2, 0x60, 0, 1, I32, 0x60, 0, 0); // type 0: () -> i32, type 1: () -> ()
        section(out, 3, 2, 0, returnsI32 ? 0 : 1);
        section(out, 5, 1, 0x00, 1); // memory: 1 page
        section(out, 7, 1, 1, 'f', 0x00, 0);
        codeSection(out,
                returnsI32 ? new int[] {0, 0x10, 1, 0x0b} : new int[] {0, 0x10, 1, 0x41, 7, 0x0b},
                returnsI32 ? new int[] {0, 0x41, 0x7f, 0x40, 0, 0x0b} : new int[] {0, 0x41, 0x7f, 0x40, 0, 0x1a, 0x0b});

        var result = instance(out.toByteArray(), gauge, compiled).export("f").apply()[0];

        assertThat((int) result).isEqualTo(returnsI32 ? -1 : 7);
        assertThat(gauge.used()).isEqualTo(5 + (returnsI32 ? 0 : 2) + (0xffff_ffffL << FuelCosts.GROW_PAGE_SHIFT));
    }

    private static FunctionType typeOfF1(byte[] module) {
        var metered = CoreModules.parse(FuelInstrumenter.instrument(module).bytes());
        return metered.typeSection().getType(metered.functionSection().getFunctionType(1));
    }

    private static byte[] module(String shape) {
        var out = header();
        section(out, 1, 1, 0x60, 1, I32, 1, I32); // type 0: (i32) -> i32
        section(out, 3, 2, 0, 0);
        if (shape.equals("in-table")) {
            section(out, 4, 1, 0x70, 0x00, 1);
        }
        if (shape.equals("exported")) {
            section(out, 7, 2, 1, 'f', 0x00, 0, 1, 'g', 0x00, 1);
        } else {
            section(out, 7, 1, 1, 'f', 0x00, 0);
        }
        if (shape.equals("in-table")) {
            section(out, 9, 1, 0, 0x41, 0, 0x0b, 1, 1); // table[0] = f1
        } else if (shape.equals("ref-func")) {
            section(out, 9, 1, 3, 0x00, 1, 0); // declares f0 for ref.func
        }
        int[] f0 = shape.equals("ref-func")
                ? new int[] {0, 0xd2, 0, 0x1a, 0x20, 0, 0x10, 1, 0x0b} // ref.func 0 drop, which costs 2 more
                : new int[] {0, 0x20, 0, 0x10, 1, 0x0b};
        int[] f1 = {1, 1, I32, 0x03, 0x40,
            0x20, 1, 0x20, 0, 0x6a, 0x21, 1,
            0x20, 0, 0x41, 1, 0x6b, 0x22, 0, 0x0d, 0,
            0x0b, 0x20, 1, 0x0b};
        codeSection(out, f0, f1);
        return out.toByteArray();
    }
}
