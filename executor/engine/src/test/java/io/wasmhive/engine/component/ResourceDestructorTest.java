package io.wasmhive.engine.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.FuelExhaustedException;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.GuestResponse;
import io.wasmhive.engine.RequestBody;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A resource the component defines itself, with a destructor ({@code examples/components/resource-wat}):
 * it makes one and drops it, and answers with the status its destructor recorded.
 */
class ResourceDestructorTest {

    /** What the destructor's loop costs at least: 100,000 iterations of five instructions. */
    private static final long DESTRUCTOR_FUEL = 500_000;

    @Test
    void droppingAnOwningHandleRunsTheDestructorWithTheRepresentation() {
        var response = invoke(ExecutionLimits.DEFAULTS);

        assertThat(response.status()).as("500 when no destructor ran").isEqualTo(204);
        assertThat(response.usage().fuel()).as("the destructor's work is counted").isGreaterThan(DESTRUCTOR_FUEL);
    }

    @Test
    void aDestructorSpendsTheRequestsFuel() {
        assertThatThrownBy(() -> invoke(ExecutionLimits.DEFAULTS.withFuel(DESTRUCTOR_FUEL / 2)))
                .isInstanceOf(FuelExhaustedException.class);
    }

    private static GuestResponse invoke(ExecutionLimits limits) {
        var request = new GuestRequest("GET", "/", "", List.of(), RequestBody.EMPTY, "", "localhost", 80, "127.0.0.1", "HTTP/1.1");
        return LoadedComponents.ENGINE.invoke(LoadedComponents.TENANT, LoadedComponents.get("resource-wat"), request,
                Map.of(), limits);
    }
}
