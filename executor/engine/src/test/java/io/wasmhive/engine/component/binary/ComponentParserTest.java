package io.wasmhive.engine.component.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmhive.engine.Guests;
import io.wasmhive.engine.InvalidModuleException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ComponentParserTest {

    private static final byte[] HELLO = Guests.bytes("components/hello-wat/hello.wasm");

    @Test
    void readsEveryDefinitionOfARealComponent() {
        var component = ComponentParser.parse(HELLO);

        assertThat(component.definitions()).filteredOn(d -> d instanceof Definition.CoreModule).hasSize(2);
        assertThat(component.definitions()).filteredOn(d -> d instanceof Definition.Import)
                .extracting(d -> ((Definition.Import) d).name())
                .containsExactly("wasi:io/error@0.2.0", "wasi:io/streams@0.2.0", "wasi:http/types@0.2.0");
        assertThat(component.definitions()).filteredOn(d -> d instanceof Definition.Lift).hasSize(1);
    }

    @Test
    void truncatedComponentIsRefusedWithItsOffset() {
        for (int length : new int[] {9, 100, 1000, HELLO.length - 1}) {
            byte[] truncated = Arrays.copyOf(HELLO, length);
            assertThatThrownBy(() -> ComponentParser.parse(truncated)).as("cut at " + length)
                    .isInstanceOf(InvalidModuleException.class)
                    .hasMessageMatching("(?s)malformed component.* at offset \\d+: .*");
        }
    }

    @Test
    void unknownSectionIsNamed() {
        byte[] bad = Arrays.copyOf(HELLO, HELLO.length + 2);
        bad[HELLO.length] = 0x2a;
        assertThatThrownBy(() -> ComponentParser.parse(bad)).hasMessageContaining("unknown section id 42");
    }
}
