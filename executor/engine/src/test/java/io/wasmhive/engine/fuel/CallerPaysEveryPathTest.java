package io.wasmhive.engine.fuel;

import static io.wasmhive.engine.fuel.HandBuiltModules.I32;
import static io.wasmhive.engine.fuel.HandBuiltModules.codeSection;
import static io.wasmhive.engine.fuel.HandBuiltModules.header;
import static io.wasmhive.engine.fuel.HandBuiltModules.instance;
import static io.wasmhive.engine.fuel.HandBuiltModules.section;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way a straight-line function can be reached charges it, even where no dispatch or region
 * can: its cost is the same as when it paid for itself. Counted by hand on modules of two
 * {@code (i32) -> i32} functions, f0 exported as "f" and f1 straight-line:
 *
 * <pre>
 * f1: local.get 0  i32.const 1  i32.add  end                                  ;; 4
 *
 * wide:     table[0] = table[300] = f1, further apart than one dispatch covers
 *           f0: local.get 0  local.get 0  call_indirect 0 0  end              ;; 4, + 4 for f1
 * tail:     f0: local.get 0  return_call 1  end                              ;; 2 (the end never runs), + 4
 * tail-ind: table[0] = f1
 *           f0: local.get 0  local.get 0  return_call_indirect 0 0  end       ;; 3, + 4
 * </pre>
 *
 * <p>Before, the wide {@code call_indirect} and both tail calls synced the balance and left f1,
 * which no longer charges itself, to run unpaid: 4, 2 and 3.
 */
class CallerPaysEveryPathTest {

    @ParameterizedTest(name = "{0} f({1}) costs {2}, compiled: {3}")
    @CsvSource({
        "wide, 0, 8, false",
        "wide, 300, 8, false",
        "wide, 0, 8, true",
        "wide, 300, 8, true",
        "tail, 0, 6, false",
        "tail, 0, 6, true",
        "tail-ind, 0, 7, false",
        "tail-ind, 0, 7, true"
    })
    void aCalleeItsCallersPayForIsPaidForOnEveryPath(String shape, int x, long expectedFuel, boolean compiled) {
        var gauge = new FuelGauge(1_000);
        var instance = instance(module(shape), gauge, compiled);

        assertThat(instance.export("f").apply(x)[0]).isEqualTo(x + 1);
        assertThat(gauge.used()).isEqualTo(expectedFuel);
    }

    private static byte[] module(String shape) {
        var out = header();
        section(out, 1, 1, 0x60, 1, I32, 1, I32); // type 0: (i32) -> i32
        section(out, 3, 2, 0, 0); // two functions of type 0
        section(out, 4, 1, 0x70, 0x00, 0xad, 0x02); // table 0: 301 funcref
        section(out, 7, 1, 1, 'f', 0x00, 0);
        int[] f0 = switch (shape) {
            case "wide" -> {
                // table[0] = f1; table[300] = f1
                section(out, 9, 2, 0, 0x41, 0, 0x0b, 1, 1, 0, 0x41, 0xac, 0x02, 0x0b, 1, 1);
                yield new int[] {0, 0x20, 0, 0x20, 0, 0x11, 0, 0, 0x0b};
            }
            case "tail" -> new int[] {0, 0x20, 0, 0x12, 1, 0x0b};
            case "tail-ind" -> {
                section(out, 9, 1, 0, 0x41, 0, 0x0b, 1, 1); // table[0] = f1
                yield new int[] {0, 0x20, 0, 0x20, 0, 0x13, 0, 0, 0x0b};
            }
            default -> throw new IllegalArgumentException(shape);
        };
        int[] f1 = {0, 0x20, 0, 0x41, 1, 0x6a, 0x0b};
        codeSection(out, f0, f1);
        return out.toByteArray();
    }
}
