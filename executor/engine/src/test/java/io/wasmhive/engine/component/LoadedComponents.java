package io.wasmhive.engine.component;

import io.wasmhive.engine.Engine;
import io.wasmhive.engine.EngineOptions;
import io.wasmhive.engine.GuestExecutor;
import io.wasmhive.engine.Guests;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The component fixtures, each loaded once per test JVM: the JavaScript one takes over a minute
 * to compile, so every test class shares it.
 */
final class LoadedComponents {

    static final Engine ENGINE = new Engine(EngineOptions.DEFAULTS);
    /** The tenant the tests' requests run for. */
    static final String TENANT = "acme";
    private static final Map<String, GuestExecutor> LOADED = new ConcurrentHashMap<>();
    private static final Map<String, String> PATHS = Map.of(
            "hello-wat", "components/hello-wat/hello.wasm",
            "echo-wat", "components/echo-wat/echo.wasm",
            "resource-wat", "components/resource-wat/resource.wasm",
            "may-leave-wat", "components/may-leave-wat/may-leave.wasm",
            "js-echo", "components/js-echo/app.wasm");

    private LoadedComponents() {}

    static GuestExecutor get(String fixture) {
        return LOADED.computeIfAbsent(fixture, f -> ENGINE.load(Guests.bytes(PATHS.get(f))));
    }
}
