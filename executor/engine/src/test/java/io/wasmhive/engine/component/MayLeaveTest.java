package io.wasmhive.engine.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.GuestResponse;
import io.wasmhive.engine.GuestTrapException;
import io.wasmhive.engine.RequestBody;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The canonical ABI's {@code may_leave}: a component's realloc and post-return may call neither
 * imports nor resource built-ins ({@code examples/components/may-leave-wat}, whose path says what it
 * tries).
 */
class MayLeaveTest {

    @Test
    void reallocAndPostReturnThatCallNoImportRunAsUsual() {
        assertThat(invoke("/").status()).isEqualTo(200);
    }

    @Test
    void anImportCalledFromReallocTraps() {
        assertThatThrownBy(() -> invoke("/realloc")).isInstanceOf(GuestTrapException.class)
                .hasMessageContaining("trapped").hasMessageContaining("now");
    }

    @Test
    void anImportCalledFromPostReturnTraps() {
        assertThatThrownBy(() -> invoke("/post-return")).isInstanceOf(GuestTrapException.class)
                .hasMessageContaining("trapped").hasMessageContaining("now");
    }

    @Test
    void aResourceDroppedFromPostReturnTraps() {
        assertThatThrownBy(() -> invoke("/drop")).isInstanceOf(GuestTrapException.class)
                .hasMessageContaining("trapped").hasMessageContaining("resource.drop");
    }

    private static GuestResponse invoke(String path) {
        var request = new GuestRequest("GET", path, "", List.of(), RequestBody.EMPTY, "", "localhost", 80, "127.0.0.1", "HTTP/1.1");
        return LoadedComponents.ENGINE.invoke(LoadedComponents.TENANT, LoadedComponents.get("may-leave-wat"), request,
                Map.of(), ExecutionLimits.DEFAULTS);
    }
}
