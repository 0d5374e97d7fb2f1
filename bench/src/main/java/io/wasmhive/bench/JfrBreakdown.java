package io.wasmhive.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a guest's time goes, from the execution samples of a JFR recording of {@link ComputeRuns}:
 * every sample of the main thread is put in one category by its stack (instantiation, WASI, or
 * the innermost frame while the guest runs: generated code, memory access, call_indirect, fuel
 * global, ...), and the guest's samples are also split by the generated function they are in.
 * Samples of the first seconds (warm-up: interpreter, JIT, module loading) can be skipped.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.wasmhive.bench.JfrBreakdown recording.jfr [skip seconds]
 * </pre>
 */
public final class JfrBreakdown {

    private static final String GEN = "com.dylibso.chicory.$gen.";

    private JfrBreakdown() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        Duration skip = Duration.ofMillis((long) (1000 * (args.length > 1 ? Double.parseDouble(args[1]) : 0)));
        List<RecordedEvent> samples = new ArrayList<>();
        Instant first = null;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            if (first == null || event.getStartTime().isBefore(first)) {
                first = event.getStartTime();
            }
            samples.add(event);
        }
        Map<String, Integer> categories = new TreeMap<>();
        Map<String, Integer> topFrames = new TreeMap<>();
        Map<String, Integer> guestFunctions = new TreeMap<>();
        int total = 0;
        int guestTotal = 0;
        for (RecordedEvent sample : samples) {
            if (sample.getStartTime().isBefore(first.plus(skip)) || sample.getStackTrace() == null) {
                continue;
            }
            var thread = sample.getThread("sampledThread");
            if (thread == null || !"main".equals(thread.getJavaName())) {
                continue;
            }
            List<RecordedFrame> frames = sample.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            total++;
            String category = categorize(frames);
            categories.merge(category, 1, Integer::sum);
            topFrames.merge(name(frames.get(0)), 1, Integer::sum);
            String function = innermostGuestFunction(frames);
            if (function != null && !category.startsWith("instantiation") && !category.startsWith("WASI")) {
                guestFunctions.merge(function, 1, Integer::sum);
                guestTotal++;
            }
        }
        System.out.printf("%s: %d main-thread samples after the first %s%n", file.getFileName(), total, skip);
        print("by category", categories, total, 0);
        print("guest samples by the generated function they are in", guestFunctions, guestTotal, 0.5);
        print("top frames", topFrames, total, 0.5);
    }

    private static void print(String title, Map<String, Integer> counts, int total, double minPercent) {
        System.out.printf("%n%s%n", title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .filter(e -> 100.0 * e.getValue() / total >= minPercent)
                .forEach(e -> System.out.printf("%6.1f%%  %6d  %s%n", 100.0 * e.getValue() / total, e.getValue(), e.getKey()));
    }

    private static String name(RecordedFrame frame) {
        var method = frame.getMethod();
        return method.getType().getName() + "." + method.getName();
    }

    private static String innermostGuestFunction(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            if (name.startsWith(GEN + "CompiledMachineFuncGroup")) {
                return name.substring(name.lastIndexOf('.') + 1);
            }
        }
        return null;
    }

    private static String categorize(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            if (name.startsWith("com.dylibso.chicory.runtime.Instance$Builder.")
                    || name.equals("com.dylibso.chicory.runtime.Instance.initialize")
                    || name.equals("com.dylibso.chicory.runtime.Instance.<init>")) {
                return "instantiation (memory, data segments, globals, tables)";
            }
            if (name.startsWith("com.dylibso.chicory.wasi.")) {
                // Setting WASI up and closing it, or a WASI call the guest made.
                return frames.stream().anyMatch(f -> name(f).startsWith(GEN))
                        ? "WASI host calls (from the guest)"
                        : "WASI set-up and close";
            }
        }
        if (frames.stream().noneMatch(f -> name(f).startsWith(GEN))) {
            String top = name(frames.get(0));
            if (top.startsWith("com.dylibso.chicory.wasm.") || top.startsWith("com.dylibso.chicory.compiler.")) {
                return "module parsing/compiling (should be none after warm-up)";
            }
            return "harness and other (outside the guest)";
        }
        // The guest is running: what the innermost generated function was doing, by the frame it
        // called (the frame above it), or its own code when it is on top.
        int guest = 0;
        while (guest < frames.size() && !name(frames.get(guest)).startsWith(GEN + "CompiledMachineFuncGroup")) {
            guest++;
        }
        if (guest == frames.size()) {
            return "other runtime around the guest: " + name(frames.get(0));
        }
        if (guest == 0) {
            return "generated guest code (own bytecode; metered: incl. the fuel arithmetic)";
        }
        String callee = name(frames.get(guest - 1));
        String method = callee.substring(callee.lastIndexOf('.') + 1);
        if (callee.startsWith(GEN + "CompiledMachineShaded.memory") || callee.startsWith("com.dylibso.chicory.runtime.Memory.")
                || callee.startsWith("com.dylibso.chicory.runtime.ByteBufferMemory.")) {
            return "memory loads/stores (Shaded.memoryX -> Memory implementation)";
        }
        if (callee.startsWith(GEN + "CompiledMachine.call_indirect") || method.equals("callIndirect")) {
            return "call_indirect dispatch (table lookup, type check, switch)";
        }
        if (method.equals("readGlobal") || method.equals("writeGlobal")) {
            return "global.get/set (Shaded -> Instance.global(i) -> GlobalInstance)";
        }
        if (method.equals("checkInterruption")) {
            return "interruption checks (Shaded.checkInterruption -> Thread.isInterrupted)";
        }
        if (callee.startsWith("com.dylibso.chicory.runtime.OpcodeImpl.")) {
            return "OpcodeImpl helpers (" + (method.equals("I64_LT_S") ? "I64_LT_S: the fuel check" : "other") + ")";
        }
        return "other call from the guest: " + callee;
    }

}
