package io.wasmhive.engine.fuel;

import static io.wasmhive.engine.fuel.HandBuiltModules.I32;
import static io.wasmhive.engine.fuel.HandBuiltModules.codeSection;
import static io.wasmhive.engine.fuel.HandBuiltModules.header;
import static io.wasmhive.engine.fuel.HandBuiltModules.instance;
import static io.wasmhive.engine.fuel.HandBuiltModules.section;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Where charges go, to the unit, on functions {@code f(x: i32) -> i32} small enough to count by
 * hand: every path pays exactly the instructions it runs, and a block's body and the code after a
 * loop share the charge before them.
 */
class RegionChargingTest {

    private static final int BLOCK = 0x02, LOOP = 0x03, IF = 0x04, ELSE = 0x05, END = 0x0b, BR_IF = 0x0d,
            RETURN = 0x0f, DROP = 0x1a, LOCAL_GET = 0x20, LOCAL_TEE = 0x22, I32_CONST = 0x41, I32_ADD = 0x6a,
            I32_SUB = 0x6b, I64_SUB = 0x7d, EMPTY = 0x40;

    /**
     * <pre>
     * block                  ;; one charge (3) for the block and its first run
     *   local.get 0 br_if 0
     *   i32.const 7 return   ;; its own charge (2): x != 0 skips it
     * end                    ;; something branches here: its own charge (2)
     * i32.const 9
     * </pre>
     */
    private static final int[] FORWARD_BR_IF = {BLOCK, EMPTY, LOCAL_GET, 0, BR_IF, 0, I32_CONST, 7, RETURN, END,
        I32_CONST, 9, END};

    /** {@code if x { 1 } else { 2 + 3 }}: the test (2), the then-arm (2), the else-arm (4), the end (1). */
    private static final int[] IF_ELSE = {LOCAL_GET, 0, IF, I32, I32_CONST, 1, ELSE, I32_CONST, 2, I32_CONST, 3,
        I32_ADD, END, END};

    /**
     * {@code do { x -= 1 } while (x != 0); return x}: the loop (1), each iteration (5), and what
     * follows the loop in one charge with the loop's end (3).
     */
    private static final int[] DO_WHILE = {LOOP, EMPTY, LOCAL_GET, 0, I32_CONST, 1, I32_SUB, LOCAL_TEE, 0, BR_IF, 0,
        END, LOCAL_GET, 0, END};

    /** Blocks in blocks that nothing branches out of: straight-line code, one charge (10). */
    private static final int[] NESTED_BLOCKS = {BLOCK, EMPTY, BLOCK, EMPTY, BLOCK, EMPTY, LOCAL_GET, 0, DROP, END,
        END, END, LOCAL_GET, 0, END};

    @ParameterizedTest(name = "{0}({1}) costs {2}")
    @CsvSource({
        "FORWARD_BR_IF, 0, 5",
        "FORWARD_BR_IF, 1, 5",
        "IF_ELSE, 1, 5",
        "IF_ELSE, 0, 7",
        "DO_WHILE, 1, 9",
        "DO_WHILE, 3, 19",
        "NESTED_BLOCKS, 0, 10"
    })
    void everyPathPaysExactlyWhatItRuns(String shape, int x, long expectedFuel) {
        var gauge = new FuelGauge(1_000);

        instance(module(code(shape)), gauge, false).export("f").apply(x);

        assertThat(gauge.used()).isEqualTo(expectedFuel);
    }

    @ParameterizedTest(name = "{0} has {1} charges")
    @CsvSource({"NESTED_BLOCKS, 1", "DO_WHILE, 3", "IF_ELSE, 4"})
    void regionsJoinWhereControlCanOnlyFallThrough(String shape, int expectedCharges) {
        byte[] metered = FuelInstrumenter.instrument(module(code(shape))).bytes();

        // in these modules i64.sub is written only by charges: no other instruction or operand has its byte
        long charges = IntStream.range(0, metered.length).filter(i -> metered[i] == I64_SUB).count();

        assertThat(charges).isEqualTo(expectedCharges);
    }

    private static int[] code(String shape) {
        return switch (shape) {
            case "FORWARD_BR_IF" -> FORWARD_BR_IF;
            case "IF_ELSE" -> IF_ELSE;
            case "DO_WHILE" -> DO_WHILE;
            case "NESTED_BLOCKS" -> NESTED_BLOCKS;
            default -> throw new IllegalArgumentException(shape);
        };
    }

    /** A module with one function {@code f: (i32) -> i32}, no locals but its parameter, and this code. */
    private static byte[] module(int[] code) {
        var out = header();
        section(out, 1, 1, 0x60, 1, I32, 1, I32); // type 0: (i32) -> i32
        section(out, 3, 1, 0); // function 0 has type 0
        section(out, 7, 1, 1, 'f', 0x00, 0); // export "f" = function 0
        int[] body = new int[code.length + 1]; // no local declarations, then the code
        System.arraycopy(code, 0, body, 1, code.length);
        codeSection(out, body);
        return out.toByteArray();
    }
}
