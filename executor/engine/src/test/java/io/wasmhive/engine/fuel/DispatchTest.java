package io.wasmhive.engine.fuel;

import static io.wasmhive.engine.fuel.HandBuiltModules.codeSection;
import static io.wasmhive.engine.fuel.HandBuiltModules.header;
import static io.wasmhive.engine.fuel.HandBuiltModules.instance;
import static io.wasmhive.engine.fuel.HandBuiltModules.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.OpCode;
import io.wasmhive.engine.internal.CoreModules;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A {@code call_indirect} into a fixed table whose targets their callers pay for: its dispatch
 * charges the target's cost by the table index and calls the few targets directly, or, when there
 * are many, calls through the table in one arm per cost. Either way the call passes its arguments
 * in order, answers as it did, costs the same fuel, and still traps where the table would. On
 * modules of, counted by hand:
 *
 * <pre>
 * f0 (exported "f", (i32) -> i64): i64.const 100  i32.const 7  i64.const 3  local.get 0
 *                                  call_indirect 1 0  end                              ;; 6
 * g_k, k = 1..n ((i64, i32, i64) -> i64): (a - c) * k + b, for even k then + 0          ;; 9, even k 11
 * h ((i64, i32, i64) -> i32): b                                                         ;; of another type
 * table: [g_1, ..., g_n, h, null]
 * </pre>
 *
 * <p>Shapes: {@code few} (n = 2, called directly), {@code many} (n = 5, more than
 * {@link CallPlan#MAX_DIRECT_TARGETS}: through the table), {@code pair} (n = 2, the g return
 * {@code (result, a)} and f0 adds them: two results, which no dispatch holds, so they pay for
 * themselves; f0 costs 7 and each g one more) and {@code spread} (n = 2, the table
 * {@code [null, null, g_1, g_2, g_1, s, h, null]}, where s, of the g's type, answers a when b is
 * not 0 through an if, so it pays for itself: 5).
 */
class DispatchTest {

    private static final int I32 = 0x7f, I64 = 0x7e, IF = 0x04, ELSE = 0x05, LOCAL_GET = 0x20, I64_CONST = 0x42,
            I32_CONST = 0x41,
            I64_SUB = 0x7d, I64_MUL = 0x7e, I64_ADD = 0x7c, I64_EXTEND_I32_U = 0xad, CALL_INDIRECT = 0x11, END = 0x0b;

    @ParameterizedTest(name = "{0}: f({1}) = {2} for {3} fuel, compiled: {4}")
    @CsvSource({
        "few, 0, 104, 15, false",
        "few, 1, 201, 17, false",
        "few, 0, 104, 15, true",
        "few, 1, 201, 17, true",
        "many, 0, 104, 15, false",
        "many, 3, 395, 17, false",
        "many, 4, 492, 15, true",
        "many, 1, 201, 17, true",
        "pair, 0, 204, 17, false",
        "pair, 1, 301, 19, true",
        "spread, 2, 104, 15, false",
        "spread, 3, 201, 17, true",
        "spread, 4, 104, 15, true",
        "spread, 5, 100, 11, false",
        "spread, 5, 100, 11, true"
    })
    void aDispatchedCallAnswersAndCostsAsBefore(String shape, int x, long expected, long expectedFuel,
            boolean compiled) {
        var gauge = new FuelGauge(1_000);

        long answer = instance(module(shape), gauge, compiled).export("f").apply(x)[0];

        assertThat(answer).isEqualTo(expected);
        assertThat(gauge.used()).isEqualTo(expectedFuel);
    }

    @ParameterizedTest(name = "{0}: index {1} traps, compiled: {2}")
    @CsvSource({
        "few, 2, false", "few, 3, false", "few, 4, false", "few, 2, true", "few, 3, true", "few, 4, true",
        "many, 5, false", "many, 6, true", "many, 7, true",
        "spread, 0, false", "spread, 1, true", "spread, 6, false", "spread, 7, true", "spread, 8, false",
        "spread, -1, true"
    })
    void whatTheTableWouldRefuseStillTraps(String shape, int x, boolean compiled) {
        var gauge = new FuelGauge(1_000);
        var instance = instance(module(shape), gauge, compiled);

        // h's type differs from the call's, the next entry is null, the one after is past the table;
        // spread: null entries below the lowest target, and an index that wraps below it
        assertThatThrownBy(() -> instance.export("f").apply(x)).isInstanceOf(ChicoryException.class);
        assertThat(gauge.exhausted()).isFalse();
    }

    @ParameterizedTest(name = "{0}: {1} direct calls, {2} through the table")
    @CsvSource({"few, 2, 1", "many, 0, 3", "pair, 0, 1", "spread, 2, 1"})
    void fewTargetsAreCalledDirectly(String shape, int directCalls, int tableCalls) {
        var f0 = CoreModules.parse(FuelInstrumenter.instrument(module(shape)).bytes())
                .codeSection().getFunctionBody(0).instructions();

        // many: one arm per cost (9 and 11) and the arm for any other index
        assertThat(f0.stream().filter(i -> i.opcode() == OpCode.CALL).count()).isEqualTo(directCalls);
        assertThat(f0.stream().filter(i -> i.opcode() == OpCode.CALL_INDIRECT).count()).isEqualTo(tableCalls);
    }

    private static byte[] module(String shape) {
        int n = shape.equals("many") ? 5 : 2;
        boolean pair = shape.equals("pair");
        boolean spread = shape.equals("spread");
        var out = header();
        var types = new ArrayList<>(List.of(3, 0x60, 1, I32, 1, I64)); // 0: (i32) -> i64
        types.addAll(pair ? List.of(0x60, 3, I64, I32, I64, 2, I64, I64) : List.of(0x60, 3, I64, I32, I64, 1, I64));
        types.addAll(List.of(0x60, 3, I64, I32, I64, 1, I32)); // 2: h's
        section(out, 1, types.stream().mapToInt(Integer::intValue).toArray());
        var functions = new ArrayList<>(List.of(spread ? n + 3 : n + 2, 0));
        IntStream.rangeClosed(1, n).forEach(k -> functions.add(1));
        functions.add(2);
        if (spread) {
            functions.add(1); // s, function n + 2
        }
        section(out, 3, functions.stream().mapToInt(Integer::intValue).toArray());
        section(out, 4, 1, 0x70, 0x00, spread ? 8 : n + 2); // table 0
        section(out, 7, 1, 1, 'f', 0x00, 0);
        var elements = new ArrayList<>(List.of(1, 0, I32_CONST, spread ? 2 : 0, END));
        if (spread) {
            elements.addAll(List.of(5, 1, 2, 1, n + 2, n + 1)); // from 2: g_1, g_2, g_1, s, h
        } else {
            elements.add(n + 1);
            IntStream.rangeClosed(1, n + 1).forEach(elements::add); // g_1..g_n, h
        }
        section(out, 9, elements.stream().mapToInt(Integer::intValue).toArray());

        var bodies = new ArrayList<int[]>();
        bodies.add(pair
                ? new int[] {0, I64_CONST, 0xe4, 0, I32_CONST, 7, I64_CONST, 3, LOCAL_GET, 0, CALL_INDIRECT, 1, 0, I64_ADD, END}
                : new int[] {0, I64_CONST, 0xe4, 0, I32_CONST, 7, I64_CONST, 3, LOCAL_GET, 0, CALL_INDIRECT, 1, 0, END});
        for (int k = 1; k <= n; k++) {
            var g = new ArrayList<>(List.of(0, LOCAL_GET, 0, LOCAL_GET, 2, I64_SUB, I64_CONST, k, I64_MUL, LOCAL_GET, 1,
                    I64_EXTEND_I32_U, I64_ADD));
            if (k % 2 == 0) {
                g.addAll(List.of(I64_CONST, 0, I64_ADD));
            }
            if (pair) {
                g.addAll(List.of(LOCAL_GET, 0));
            }
            g.add(END);
            bodies.add(g.stream().mapToInt(Integer::intValue).toArray());
        }
        bodies.add(new int[] {0, LOCAL_GET, 1, END});
        if (spread) {
            bodies.add(new int[] {0, LOCAL_GET, 1, IF, I64, LOCAL_GET, 0, ELSE, LOCAL_GET, 2, END, END});
        }
        codeSection(out, bodies.toArray(int[][]::new));
        return out.toByteArray();
    }
}
