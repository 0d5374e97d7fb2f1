package io.wasmhive.engine.wagi;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.WasmModule;
import io.wasmhive.engine.Abi;
import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.GuestExecutor;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.GuestResponse;
import io.wasmhive.engine.GuestTrapException;
import io.wasmhive.engine.MemoryLimitException;
import io.wasmhive.engine.internal.BoundedOutputStream;
import io.wasmhive.engine.internal.CoreModules;
import io.wasmhive.engine.internal.MemoryBudget;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs WAGI guests: a WASI preview 1 command per request, the request as CGI environment and
 * stdin, the response read from stdout. No preopened directories, no sockets, no host environment.
 */
public final class WagiExecutor implements GuestExecutor {

    private final WasmModule module;
    private final Function<Instance, Machine> machineFactory;

    private WagiExecutor(WasmModule module, Function<Instance, Machine> machineFactory) {
        this.module = module;
        this.machineFactory = machineFactory;
    }

    /** Validates the module and compiles it to JVM bytecode once, for every later request. */
    public static WagiExecutor compile(byte[] bytes) {
        WasmModule module = CoreModules.parse(bytes);
        CoreModules.requireWagiShape(module);
        var machineFactory = MachineFactoryCompiler.builder(module)
                .withInterpreterFallback(InterpreterFallback.SILENT)
                .compile();
        return new WagiExecutor(module, machineFactory);
    }

    @Override
    public Abi abi() {
        return Abi.WAGI;
    }

    @Override
    public GuestResponse handle(GuestRequest request, Map<String, String> env, ExecutionLimits limits) {
        var stdout = BoundedOutputStream.failingAfter(limits.maxOutputBytes());
        var stderr = BoundedOutputStream.truncatingAfter(limits.maxStderrBytes());
        var options = WasiOptions.builder()
                .withStdin(new ByteArrayInputStream(request.body()), false)
                .withStdout(stdout, false)
                .withStderr(stderr, false)
                .withArguments(List.of(request.scriptName()));
        WagiEnvironment.of(request, env).forEach(options::withEnvironment);
        var memory = CoreModules.memoryLimits(module).map(declared -> MemoryBudget.of(declared, limits.memoryBytes()));

        try (var wasi = WasiPreview1.builder().withOptions(options.build()).build()) {
            var builder = Instance.builder(module)
                    .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
                    .withMachineFactory(machineFactory)
                    .withStart(false); // _start runs below, where its exit and traps are handled
            memory.ifPresent(budget -> builder.withMemoryLimits(budget.limits()));
            Instance instance = builder.build();
            try {
                instance.export(CoreModules.START_EXPORT).apply();
            } catch (WasiExitException exit) {
                if (exit.exitCode() != 0) {
                    throw new GuestTrapException("the function exited with status " + exit.exitCode(), exit);
                }
            } catch (TrapException trap) {
                if (memory.isPresent() && memory.get().exhaustedAt(instance.memory().pages())) {
                    throw new MemoryLimitException("the function failed after using all of its "
                            + limits.memoryBytes() + " bytes of memory: " + trap.getMessage(), trap);
                }
                throw new GuestTrapException("the function trapped: " + trap.getMessage(), trap);
            }
        } catch (BoundedOutputStream.LimitExceededException tooLong) {
            throw new GuestTrapException(tooLong.getMessage(), tooLong);
        } catch (StackOverflowError deep) {
            throw new GuestTrapException("the function exhausted its call stack (recursion too deep)", deep);
        } catch (ChicoryInterruptedException stopped) {
            throw stopped; // stopped by its timeout; the caller reports that
        } catch (ChicoryException failure) {
            throw new GuestTrapException("the function failed: " + failure.getMessage(), failure);
        }
        var cgi = CgiResponse.parse(stdout.bytes());
        return new GuestResponse(cgi.status(), cgi.headers(), cgi.body(), stderr.captured());
    }
}
