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
 * Real programs split into many small pieces ({@link FunctionSplitter} with a low limit) answer
 * exactly as whole ones. They use the same fuel compiled and interpreted, and more than whole
 * ones by what the calls of the pieces run.
 */
class SplitFunctionsTest {

    private static final int SMALL = 150;

    @ParameterizedTest
    @CsvSource({
        "hello-c/hello.wasm, ''",
        "crunch-c/crunch.wasm, n=3000",
        "hello-rust/hello.wasm, n=300"
    })
    void splitProgramsAnswerAsWholeOnesAndPayForTheCalls(String guest, String query) {
        byte[] bytes = Guests.bytes(guest);
        var request = new GuestRequest("POST", "/x", query, List.of(), RequestBody.of("body".getBytes(StandardCharsets.UTF_8)),
                "/fn/t/f", "localhost", 80, "127.0.0.1", "HTTP/1.1");
        var whole = WagiExecutor.compile(bytes, null);
        var metered = FuelInstrumenter.instrument(bytes);
        var split = CoreModules.parse(FunctionSplitter.split(metered.bytes(), SMALL, metered.balanceLocals()));
        var prepared = new CoreModules.Prepared(split, metered.fuelGlobal(), split.importSection().count(ExternalType.GLOBAL));

        var expected = whole.handle(request, Map.of(), ExecutionLimits.DEFAULTS);
        var compiled = new WagiExecutor(prepared, CoreCompiler.compile(split, null)).handle(request, Map.of(),
                ExecutionLimits.DEFAULTS);
        var interpreted = new WagiExecutor(prepared, InterpreterMachine::new).handle(request, Map.of(),
                ExecutionLimits.DEFAULTS);

        assertThat(split.codeSection().functionBodyCount())
                .as("pieces moved out")
                .isGreaterThan(CoreModules.parse(metered.bytes()).codeSection().functionBodyCount() + 10);
        assertThat(compiled.status()).isEqualTo(expected.status());
        assertThat(compiled.body()).isEqualTo(expected.body());
        assertThat(interpreted.body()).isEqualTo(expected.body());
        assertThat(compiled.usage().fuel()).isGreaterThan(expected.usage().fuel());
        assertThat(interpreted.usage().fuel()).isEqualTo(compiled.usage().fuel());
    }
}
