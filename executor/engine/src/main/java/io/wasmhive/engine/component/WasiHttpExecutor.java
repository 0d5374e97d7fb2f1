package io.wasmhive.engine.component;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasi.WasiExitException;
import io.wasmhive.engine.Abi;
import io.wasmhive.engine.EngineException;
import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.GuestExecutor;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.GuestResponse;
import io.wasmhive.engine.GuestTrapException;
import io.wasmhive.engine.InvalidModuleException;
import io.wasmhive.engine.RequestBody;
import io.wasmhive.engine.ResourceUsage;
import io.wasmhive.engine.ResponseStream;
import io.wasmhive.engine.component.abi.Calls;
import io.wasmhive.engine.component.binary.Component;
import io.wasmhive.engine.component.binary.ComponentParser;
import io.wasmhive.engine.component.binary.Definition;
import io.wasmhive.engine.component.host.WasiSession;
import io.wasmhive.engine.component.link.CompiledCore;
import io.wasmhive.engine.component.link.ComponentLinker;
import io.wasmhive.engine.fuel.FuelGauge;
import io.wasmhive.engine.internal.CoreCompiler;
import io.wasmhive.engine.internal.CoreModules;
import io.wasmhive.engine.internal.Failures;
import io.wasmhive.engine.internal.MemoryImage;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Runs {@code wasi:http/proxy} components: a fresh instance of every core module per request,
 * the request handed to the exported {@code wasi:http/incoming-handler.handle}, the response read
 * from the {@code response-outparam} the guest sets.
 */
public final class WasiHttpExecutor implements GuestExecutor {

    static final String HANDLER_INTERFACE = "wasi:http/incoming-handler";

    private final ComponentLinker linker;
    private final String handlerExport;

    private WasiHttpExecutor(ComponentLinker linker, String handlerExport) {
        this.linker = linker;
        this.handlerExport = handlerExport;
    }

    /**
     * Parses the component, meters and compiles each of its core modules (taking bytecode from
     * {@code cache} when there, null: no cache), and links it once to prove that it can run.
     */
    public static WasiHttpExecutor compile(byte[] bytes, Cache cache) {
        return compile(bytes, cache, true);
    }

    /**
     * The component with core modules that are not metered: only to measure what the meter costs
     * (bench/), never to serve requests, since nothing but the timeout would stop its loops.
     */
    public static WasiHttpExecutor compileUnmetered(byte[] bytes) {
        return compile(bytes, null, false);
    }

    private static WasiHttpExecutor compile(byte[] bytes, Cache cache, boolean metered) {
        Component component = ComponentParser.parse(bytes);
        var modules = new IdentityHashMap<Definition.CoreModule, CompiledCore>();
        compileModules(component, cache, metered, modules);
        var linker = new ComponentLinker(component, modules);
        String handlerExport = ComponentExports.read(bytes).stream()
                .filter(name -> ComponentLinker.interfaceName(name).equals(HANDLER_INTERFACE))
                .findFirst()
                .orElseThrow(() -> new InvalidModuleException("the component does not export " + HANDLER_INTERFACE + "@0.2.x"));
        var executor = new WasiHttpExecutor(linker, handlerExport);
        executor.instantiateWithoutRequest();
        return executor;
    }

    private static void compileModules(Component component, Cache cache, boolean metered,
            Map<Definition.CoreModule, CompiledCore> modules) {
        for (var definition : component.definitions()) {
            if (definition instanceof Definition.CoreModule module) {
                var prepared = metered ? CoreModules.prepare(module.bytes()) : CoreModules.unmetered(module.bytes());
                modules.put(module, new CompiledCore(prepared.module(), CoreCompiler.compile(prepared.module(), cache),
                        prepared.fuelDefinedGlobal(), MemoryImage.memoriesFor(prepared.module())));
            } else if (definition instanceof Definition.NestedComponent nested) {
                compileModules(nested.component(), cache, metered, modules);
            }
        }
    }

    /**
     * Instantiates the component as a request would, without running its handler. {@link #compile}
     * does it once, so that a component that cannot link fails at load rather than per request.
     */
    public void instantiateWithoutRequest() {
        var limits = ExecutionLimits.DEFAULTS;
        var session = new WasiSession(new GuestRequest("GET", "/", "", java.util.List.of(), RequestBody.EMPTY, "", "localhost",
                80, "127.0.0.1", "HTTP/1.1"), Map.of(), limits, ResponseStream.BUFFERED);
        try {
            var linked = linker.instantiate(session, new FuelGauge(limits.fuel()), limits.memoryBytes());
            if (linked.function(handlerExport, "handle") == null) {
                throw new InvalidModuleException("the component's " + handlerExport + " export has no handle function");
            }
        } catch (InvalidModuleException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new InvalidModuleException("the component fails while it is instantiated: " + e.getMessage(), e);
        }
    }

    @Override
    public Abi abi() {
        return Abi.WASI_HTTP;
    }

    @Override
    public GuestResponse handle(GuestRequest request, Map<String, String> env, ExecutionLimits limits,
            ResponseStream stream) {
        var session = new WasiSession(request, env, limits, stream);
        var fuel = new FuelGauge(limits.fuel());
        long started = System.nanoTime();
        ComponentLinker.Linked linked = null;
        long instantiation = 0;
        try {
            linked = linker.instantiate(session, fuel, limits.memoryBytes());
            instantiation = System.nanoTime() - started;
            Calls.Lifted handle = linked.function(handlerExport, "handle");
            handle.call(session.incomingRequest(), session.responseOutparam());
        } catch (ChicoryInterruptedException stopped) {
            throw stopped;
        } catch (WasiExitException exit) {
            if (exit.exitCode() != 0 || !session.response().isSet()) {
                throw new GuestTrapException("the function exited with status " + exit.exitCode(), exit)
                        .withDiagnostics(session.log(), usage(fuel, linked, instantiation));
            }
        } catch (EngineException | ResponseStream.ClientGoneException notTheGuests) {
            throw notTheGuests;
        } catch (RuntimeException | StackOverflowError failure) {
            throw Failures.classify(failure, fuel, linked != null && linked.memoryCapped(), limits)
                    .withDiagnostics(session.log(), usage(fuel, linked, instantiation));
        } finally {
            session.close();
        }
        var usage = usage(fuel, linked, instantiation);
        var response = session.response();
        String problem = !response.isSet() ? "the function returned without setting a response"
                : response.errorCode() != null ? "the function answered with the error " + response.errorCode()
                : response.incomplete() ? "the function did not finish its response body" : null;
        if (problem != null) {
            throw new GuestTrapException(problem, null).withDiagnostics(session.log(), usage);
        }
        return new GuestResponse(response.status(), response.headers(), response.bodyBytes(), response.trailers(),
                session.log(), usage);
    }

    private static ResourceUsage usage(FuelGauge fuel, ComponentLinker.Linked linked, long instantiationNanos) {
        return new ResourceUsage(fuel.used(), linked == null ? 0 : linked.memoryBytes(), instantiationNanos);
    }
}
