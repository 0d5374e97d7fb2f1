package io.wasmhive.engine.wagi;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.wasmhive.engine.Abi;
import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.GuestExecutor;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.GuestResponse;
import io.wasmhive.engine.GuestTrapException;
import io.wasmhive.engine.ResourceUsage;
import io.wasmhive.engine.ResponseStream;
import io.wasmhive.engine.internal.BoundedOutputStream;
import io.wasmhive.engine.internal.CoreCompiler;
import io.wasmhive.engine.internal.CoreModules;
import io.wasmhive.engine.internal.Failures;
import io.wasmhive.engine.internal.MemoryBudget;
import io.wasmhive.engine.internal.MemoryImage;
import io.wasmhive.engine.fuel.FuelGauge;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs WAGI guests: a WASI preview 1 command per request, the request as CGI environment and
 * stdin, the response read from stdout. No preopened directories, no sockets, no host environment.
 */
public final class WagiExecutor implements GuestExecutor {

    private final CoreModules.Prepared prepared;
    private final WasmModule module;
    private final Function<Instance, Machine> machineFactory;
    private final Function<MemoryLimits, Memory> memories;

    WagiExecutor(CoreModules.Prepared prepared, Function<Instance, Machine> machineFactory) {
        this.prepared = prepared;
        this.module = prepared.module();
        this.machineFactory = machineFactory;
        this.memories = MemoryImage.memoriesFor(module);
    }

    /**
     * Validates and meters the module and compiles it to JVM bytecode once, for every later
     * request, taking the bytecode from {@code cache} when it is there (null: no cache).
     */
    public static WagiExecutor compile(byte[] bytes, Cache cache) {
        var prepared = CoreModules.prepareWagi(bytes);
        return new WagiExecutor(prepared, CoreCompiler.compile(prepared.module(), cache));
    }

    @Override
    public Abi abi() {
        return Abi.WAGI;
    }

    @Override
    public GuestResponse handle(GuestRequest request, Map<String, String> env, ExecutionLimits limits,
            ResponseStream ignored) { // CGI output is parsed once the guest has exited
        var stdout = BoundedOutputStream.failingAfter(limits.maxOutputBytes());
        var stderr = BoundedOutputStream.truncatingAfter(limits.maxStderrBytes());
        var options = WasiOptions.builder()
                .withStdin(new ByteArrayInputStream(request.body().bytes()), false)
                .withStdout(stdout, false)
                .withStderr(stderr, false)
                .withArguments(List.of(request.scriptName()));
        WagiEnvironment.of(request, env).forEach(options::withEnvironment);
        var memory = CoreModules.memoryLimits(module).map(declared -> MemoryBudget.of(declared, limits.memoryBytes()));

        var fuel = new FuelGauge(limits.fuel());

        try (var wasi = WasiPreview1.builder().withOptions(options.build()).build()) {
            var builder = Instance.builder(module)
                    .withImportValues(ImportValues.builder().addFunction(fuel.metered(wasi.toHostFunctions())).build())
                    .withGlobalFactory(fuel.globals(prepared.fuelDefinedGlobal()))
                    .withMachineFactory(machineFactory)
                    .withMemoryFactory(memories)
                    .withStart(false); // _start runs below, where its exit and traps are handled
            memory.ifPresent(budget -> builder.withMemoryLimits(budget.limits()));
            long started = System.nanoTime();
            Instance instance = null;
            long instantiation = 0;
            try {
                instance = builder.build();
                instantiation = System.nanoTime() - started;
                instance.export(CoreModules.START_EXPORT).apply();
            } catch (WasiExitException exit) {
                if (exit.exitCode() != 0) {
                    throw new GuestTrapException("the function exited with status " + exit.exitCode(), exit)
                            .withDiagnostics(stderr.captured(), usage(fuel, instance, instantiation));
                }
            } catch (ChicoryInterruptedException stopped) {
                throw stopped; // stopped by its timeout; the caller reports that
            } catch (ChicoryException | StackOverflowError | BoundedOutputStream.LimitExceededException failure) {
                throw Failures.classify(failure, fuel, memory.map(MemoryBudget::capped).orElse(false), limits)
                        .withDiagnostics(stderr.captured(), usage(fuel, instance, instantiation));
            }
            var usage = usage(fuel, instance, instantiation);
            try {
                var cgi = CgiResponse.parse(stdout.bytes());
                return new GuestResponse(cgi.status(), cgi.headers(), cgi.body(), stderr.captured(), usage);
            } catch (GuestTrapException badOutput) {
                throw badOutput.withDiagnostics(stderr.captured(), usage);
            }
        }
    }

    private static ResourceUsage usage(FuelGauge fuel, Instance instance, long instantiationNanos) {
        long memory = instance == null || instance.memory() == null ? 0 : (long) instance.memory().pages() * CoreModules.PAGE_BYTES;
        return new ResourceUsage(fuel.used(), memory, instantiationNanos);
    }
}
