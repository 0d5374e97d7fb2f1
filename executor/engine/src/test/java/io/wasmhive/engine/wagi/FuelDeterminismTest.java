package io.wasmhive.engine.wagi;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.InterpreterMachine;
import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.Guests;
import io.wasmhive.engine.RequestBody;
import io.wasmhive.engine.internal.CoreModules;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The same module and request use exactly the same fuel in Chicory's interpreter and compiler. */
class FuelDeterminismTest {

    @ParameterizedTest
    @CsvSource({
        "hello-c/hello.wasm, ''",
        "crunch-c/crunch.wasm, n=3000",
        "hello-rust/hello.wasm, n=300",
        "hello-wat/hello.wasm, ''"
    })
    void interpreterAndCompilerChargeTheSame(String guest, String query) {
        byte[] bytes = Guests.bytes(guest);
        var request = new GuestRequest("POST", "/x", query, List.of(), RequestBody.of("body".getBytes(StandardCharsets.UTF_8)),
                "/fn/t/f", "localhost", 80, "127.0.0.1", "HTTP/1.1");
        var compiled = WagiExecutor.compile(bytes, null);
        var interpreted = new WagiExecutor(CoreModules.prepareWagi(bytes), InterpreterMachine::new);

        var fromCompiler = compiled.handle(request, Map.of(), ExecutionLimits.DEFAULTS);
        var fromInterpreter = interpreted.handle(request, Map.of(), ExecutionLimits.DEFAULTS);
        var again = compiled.handle(request, Map.of(), ExecutionLimits.DEFAULTS);

        assertThat(fromCompiler.usage().fuel()).isPositive();
        assertThat(fromInterpreter.usage().fuel()).isEqualTo(fromCompiler.usage().fuel());
        assertThat(again.usage().fuel()).isEqualTo(fromCompiler.usage().fuel());
        assertThat(fromInterpreter.body()).isEqualTo(fromCompiler.body());
    }
}
