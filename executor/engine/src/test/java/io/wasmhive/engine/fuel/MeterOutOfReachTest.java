package io.wasmhive.engine.fuel;

import static io.wasmhive.engine.fuel.HandBuiltModules.codeSection;
import static io.wasmhive.engine.fuel.HandBuiltModules.header;
import static io.wasmhive.engine.fuel.HandBuiltModules.section;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmhive.engine.InvalidModuleException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The meter adds a local to each body, two globals and (for functions handed the balance) types.
 * A module that names one of them by an index past its own declarations is invalid as uploaded,
 * and must stay refused: else {@code local.set} or {@code global.set} on the balance would mint fuel.
 */
class MeterOutOfReachTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "local.set of the balance local     | 42 64 21 00 0b    | local 0",
        "global.set of the fuel global      | 42 64 24 00 0b    | global 0",
        "global.get of the refusal global   | 23 01 1a 0b       | global 1",
        "a block of a type past the module's | 02 01 0b 0b      | type 1",
        "call_indirect of a type past the module's | 41 00 11 01 00 0b | type 1"
    })
    void anIndexIntoWhatTheMeterAddsIsRefused(String what, String code, String named) {
        assertThatThrownBy(() -> FuelInstrumenter.instrument(module(code)))
                .isInstanceOf(InvalidModuleException.class)
                .hasMessageContaining(named);
    }

    /** One exported function of type () -> () with no locals, and a table for call_indirect. */
    private static byte[] module(String code) {
        String[] hex = code.trim().split(" ");
        int[] body = new int[hex.length + 1]; // no local declarations
        for (int i = 0; i < hex.length; i++) {
            body[i + 1] = Integer.parseInt(hex[i], 16);
        }
        var out = header();
        section(out, 1, 1, 0x60, 0, 0); // type 0: () -> ()
        section(out, 3, 1, 0);
        section(out, 4, 1, 0x70, 0x00, 1); // a table of one funcref
        section(out, 7, 1, 1, 'f', 0x00, 0);
        codeSection(out, body);
        return out.toByteArray();
    }
}
