package io.wasmhive.engine.fuel;

import static io.wasmhive.engine.fuel.HandBuiltModules.I32;
import static io.wasmhive.engine.fuel.HandBuiltModules.header;
import static io.wasmhive.engine.fuel.HandBuiltModules.instance;
import static io.wasmhive.engine.fuel.HandBuiltModules.section;
import static io.wasmhive.engine.fuel.HandBuiltModules.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.OpCode;
import io.wasmhive.engine.internal.CoreModules;
import java.io.ByteArrayOutputStream;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each way out of moved instructions leads where it led before they moved, with the values it carries. */
class FunctionSplitterTest {

    /** Dead code that makes the block large enough to move. */
    private static final int PADDING = 200;
    /** Code after the loop, so the outermost block is too large to move. */
    private static final int TAIL = 100;

    /**
     * <pre>
     * (func (export "f") (param $p i32) (result i32) (local $acc i32)
     *   block $out
     *     loop $again
     *       block $piece                         ;; moves
     *         p -= 1;  acc += 10
     *         (br_if $out (p == 5))              ;; br_if out
     *         (if (p == 7) (then (br $again)))   ;; br out, from inside an if
     *         (br_table $piece $again $piece (p % 3))  ;; a table mixing inside and out
     *         nop ...
     *       end
     *       acc += 1
     *       (br_if $again (p != 0))
     *     end
     *     nop ...
     *   end
     *   acc)
     * </pre>
     */
    private static byte[] module() {
        var body = new ByteArrayOutputStream();
        write(body, 1, 1, I32); // $acc
        write(body, 0x02, 0x40, 0x03, 0x40, 0x02, 0x40);
        write(body, 0x20, 0, 0x41, 1, 0x6b, 0x21, 0);
        write(body, 0x20, 1, 0x41, 10, 0x6a, 0x21, 1);
        write(body, 0x20, 0, 0x41, 5, 0x46, 0x0d, 2);
        write(body, 0x20, 0, 0x41, 7, 0x46, 0x04, 0x40, 0x0c, 2, 0x0b);
        write(body, 0x20, 0, 0x41, 3, 0x70, 0x0e, 2, 0, 1, 0);
        for (int i = 0; i < PADDING; i++) {
            write(body, 0x01);
        }
        write(body, 0x0b);
        write(body, 0x20, 1, 0x41, 1, 0x6a, 0x21, 1);
        write(body, 0x20, 0, 0x0d, 0);
        write(body, 0x0b);
        for (int i = 0; i < TAIL; i++) {
            write(body, 0x01);
        }
        write(body, 0x0b, 0x20, 1, 0x0b);

        return exported(body);
    }

    /**
     * <pre>
     * (func (export "f") (param $p i32) (result i32) (local $acc i32)
     *   block $result (result i32)
     *     loop $again
     *       p -= 1;  acc += 3                                   ;; from here to the loop's end moves
     *       (if (p == 4) (then (return (acc * 100))))            ;; return, with a value
     *       (drop (br_if $result (acc) (p == 6)))                ;; br_if out, with a value
     *       (if (p == 9) (then (br $result (acc + 7))))          ;; br out, with a value
     *       nop ...
     *       (br_if $again (p > 0))
     *     end
     *     i32.const -1
     *   end
     *   nop ...)
     * </pre>
     */
    private static byte[] carryingModule() {
        var body = new ByteArrayOutputStream();
        write(body, 1, 1, I32); // $acc
        write(body, 0x02, I32, 0x03, 0x40);
        write(body, 0x20, 0, 0x41, 1, 0x6b, 0x21, 0);
        write(body, 0x20, 1, 0x41, 3, 0x6a, 0x21, 1);
        write(body, 0x20, 0, 0x41, 4, 0x46, 0x04, 0x40, 0x20, 1, 0x41, 0xe4, 0x00, 0x6c, 0x0f, 0x0b);
        write(body, 0x20, 1, 0x20, 0, 0x41, 6, 0x46, 0x0d, 1, 0x1a);
        write(body, 0x20, 0, 0x41, 9, 0x46, 0x04, 0x40, 0x20, 1, 0x41, 7, 0x6a, 0x0c, 2, 0x0b);
        for (int i = 0; i < PADDING; i++) {
            write(body, 0x01);
        }
        write(body, 0x20, 0, 0x41, 0, 0x4a, 0x0d, 0);
        write(body, 0x0b, 0x41, 0x7f, 0x0b);
        for (int i = 0; i < TAIL; i++) {
            write(body, 0x01);
        }
        write(body, 0x0b);
        return exported(body);
    }

    /** A module of one function {@code f (i32) -> i32} with this body, exported. */
    private static byte[] exported(ByteArrayOutputStream body) {
        var out = header();
        section(out, 1, 1, 0x60, 1, I32, 1, I32);
        section(out, 3, 1, 0);
        section(out, 7, 1, 1, 'f', 0, 0);
        var code = new ByteArrayOutputStream();
        write(code, 1);
        FunctionBodyRewriter.writeU32(code, body.size());
        code.writeBytes(body.toByteArray());
        write(out, 10);
        FunctionBodyRewriter.writeU32(out, code.size());
        out.writeBytes(code.toByteArray());
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 6, 7, 8, 9, 12, 20, 31})
    void everyExitLeadsWhereItDid(int p) {
        assertSplitAnswersAsWhole(module(), 7, p); // p == 7 is tested inside the block that moves
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 8, 10, 12})
    void exitsCarryTheirValuesOut(int p) {
        assertSplitAnswersAsWhole(carryingModule(), 100, p); // the return's acc * 100 is in the tail that moves
    }

    /**
     * Split so the function is over the limit and a piece of it under: the code holding
     * {@code i32.const movedConstant} left the function, and it answers as it did whole.
     */
    private static void assertSplitAnswersAsWhole(byte[] module, int movedConstant, int p) {
        int metered = CoreModules.parse(FuelInstrumenter.instrument(module).bytes()).codeSection()
                .getFunctionBody(0).instructions().size();
        int large = metered - TAIL - 10;

        var splitCompiled = instance(module, new FuelGauge(1_000_000), true, large);
        var splitInterpreted = instance(module, new FuelGauge(1_000_000), false, large);
        long whole = instance(module, new FuelGauge(1_000_000), true).export("f").apply(p)[0];

        var code = splitCompiled.module().codeSection();
        assertThat(holdsConstant(code.getFunctionBody(0), movedConstant)).as("still in the function").isFalse();
        assertThat(IntStream.range(1, code.functionBodyCount()).anyMatch(f -> holdsConstant(code.getFunctionBody(f), movedConstant)))
                .as("in a piece").isTrue();
        assertThat(splitCompiled.export("f").apply(p)[0]).isEqualTo(whole);
        assertThat(splitInterpreted.export("f").apply(p)[0]).isEqualTo(whole);
    }

    private static boolean holdsConstant(FunctionBody body, int constant) {
        return body.instructions().stream()
                .anyMatch(ins -> ins.opcode() == OpCode.I32_CONST && ins.operand(0) == constant);
    }
}
