package io.wasmhive.engine.wagi;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.wasm.types.ExternalType;
import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.Guests;
import io.wasmhive.engine.RequestBody;
import io.wasmhive.engine.fuel.FuelInstrumenter;
import io.wasmhive.engine.fuel.FunctionSplitter;
import io.wasmhive.engine.internal.CoreCompiler;
import io.wasmhive.engine.internal.CoreModules;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The same module and request use exactly the same fuel in Chicory's interpreter and compiler,
 * whole or split into pieces ({@link FunctionSplitter}).
 */
class FuelDeterminismTest {

    /** A limit that splits these small programs into many pieces. */
    private static final int SMALL = 150;

    @ParameterizedTest
    @CsvSource({
        "hello-c/hello.wasm, ''",
        "crunch-c/crunch.wasm, n=3000",
        "hello-rust/hello.wasm, n=300",
        "hello-wat/hello.wasm, ''"
    })
    void interpreterAndCompilerChargeTheSame(String guest, String query) {
        byte[] bytes = Guests.bytes(guest);
        var compiled = WagiExecutor.compile(bytes, null);
        var interpreted = new WagiExecutor(CoreModules.prepareWagi(bytes), InterpreterMachine::new);

        var fromCompiler = compiled.handle(request(query), Map.of(), ExecutionLimits.DEFAULTS);
        var fromInterpreter = interpreted.handle(request(query), Map.of(), ExecutionLimits.DEFAULTS);
        var again = compiled.handle(request(query), Map.of(), ExecutionLimits.DEFAULTS);

        assertThat(fromCompiler.usage().fuel()).isPositive();
        assertThat(fromInterpreter.usage().fuel()).isEqualTo(fromCompiler.usage().fuel());
        assertThat(again.usage().fuel()).isEqualTo(fromCompiler.usage().fuel());
        assertThat(fromInterpreter.body()).isEqualTo(fromCompiler.body());
    }

    /** Split programs answer as whole ones, and pay a little more: what the calls of the pieces run. */
    @ParameterizedTest
    @CsvSource({
        "hello-c/hello.wasm, ''",
        "crunch-c/crunch.wasm, n=3000",
        "hello-rust/hello.wasm, n=300"
    })
    void splitProgramsAnswerAsWholeOnesAndPayForTheCalls(String guest, String query) {
        byte[] bytes = Guests.bytes(guest);
        var metered = FuelInstrumenter.instrument(bytes);
        var split = CoreModules.parse(FunctionSplitter.split(metered.bytes(), SMALL, SMALL, metered.balanceLocals()));
        var prepared = new CoreModules.Prepared(split, metered.fuelGlobal(), split.importSection().count(ExternalType.GLOBAL));

        var whole = WagiExecutor.compile(bytes, null).handle(request(query), Map.of(), ExecutionLimits.DEFAULTS);
        var compiled = new WagiExecutor(prepared, CoreCompiler.compile(split, null))
                .handle(request(query), Map.of(), ExecutionLimits.DEFAULTS);
        var interpreted = new WagiExecutor(prepared, InterpreterMachine::new)
                .handle(request(query), Map.of(), ExecutionLimits.DEFAULTS);

        assertThat(split.codeSection().functionBodyCount())
                .as("pieces moved out")
                .isGreaterThan(CoreModules.parse(metered.bytes()).codeSection().functionBodyCount() + 10);
        assertThat(compiled.status()).isEqualTo(whole.status());
        assertThat(compiled.body()).isEqualTo(whole.body());
        assertThat(interpreted.body()).isEqualTo(whole.body());
        assertThat(compiled.usage().fuel()).isGreaterThan(whole.usage().fuel());
        assertThat(interpreted.usage().fuel()).isEqualTo(compiled.usage().fuel());
    }

    private static GuestRequest request(String query) {
        return new GuestRequest("POST", "/x", query, List.of(), RequestBody.of("body".getBytes(StandardCharsets.UTF_8)),
                "/fn/t/f", "localhost", 80, "127.0.0.1", "HTTP/1.1");
    }
}
