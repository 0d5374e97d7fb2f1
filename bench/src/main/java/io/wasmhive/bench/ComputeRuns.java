package io.wasmhive.bench;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * FuelOverheadBenchmark's invocation outside JMH, for two things JMH does not give: the guest's
 * output (to check that V8 computed the same result, bench/v8-compare.sh) and a plain loop to
 * profile with JFR. Prints the output of one run, then median/p10/p90 ms per run.
 *
 * <pre>
 * java -Dwasmhive.examples=examples -cp bench/target/benchmarks.jar io.wasmhive.bench.ComputeRuns \
 *     'crunch-c/crunch.wasm?n=200000' metered [warm-up seconds] [measured seconds] [bytebuffer|bytearray]
 * </pre>
 *
 * <p>With {@code serve} instead of the warm-up seconds it prints the output, then reads a number N per
 * line of standard input and answers each with one line: the times of N runs in ms
 * (bench/v8/paired.mjs drives it).
 *
 * <p>The last argument picks the linear memory: {@code paged} (the engine's copy-on-write pages, the
 * default), {@code bytebuffer} (Chicory's default, a heap ByteBuffer per 64 KiB page) or
 * {@code bytearray} (Chicory's flat byte array).
 */
public final class ComputeRuns {

    private ComputeRuns() {}

    private static void serve(FuelOverheadBenchmark bench) throws IOException {
        System.out.println("ready");
        System.out.flush();
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            int runs = Integer.parseInt(line.trim());
            var times = new StringBuilder();
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                bench.run();
                times.append(i == 0 ? "" : " ").append((System.nanoTime() - start) / 1e6);
            }
            System.out.println(times);
            System.out.flush();
        }
    }

    public static void main(String[] args) throws IOException {
        var bench = new FuelOverheadBenchmark();
        bench.program = args.length > 0 ? args[0] : "crunch-c/crunch.wasm?n=200000";
        bench.mode = args.length > 1 ? args[1] : "metered";
        boolean serve = args.length > 2 && args[2].equals("serve");
        double warmupSeconds = args.length > 2 && !serve ? Double.parseDouble(args[2]) : 5;
        double measuredSeconds = args.length > 3 ? Double.parseDouble(args[3]) : 10;
        String memory = args.length > 4 ? args[4] : "paged";
        bench.memory = memory;
        bench.compile();

        System.out.print(bench.invoke(new ByteArrayOutputStream()).toString(StandardCharsets.UTF_8));
        if (serve) {
            serve(bench);
            return;
        }

        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        int warmupRuns = 0;
        while (System.nanoTime() < warmupEnd) {
            bench.run();
            warmupRuns++;
        }
        var times = new double[1 << 16];
        int runs = 0;
        long end = System.nanoTime() + (long) (measuredSeconds * 1e9);
        while (System.nanoTime() < end && runs < times.length) {
            long start = System.nanoTime();
            bench.run();
            times[runs++] = (System.nanoTime() - start) / 1e6;
        }
        if (runs == 0) {
            return;
        }
        Arrays.sort(times, 0, runs);
        int n = runs;
        System.out.printf("chicory %s %s: %d warm-up runs, %d measured runs%n", bench.mode, memory, warmupRuns, runs);
        System.out.printf("chicory %s %s ms/run median %.3f p10 %.3f p90 %.3f%n", bench.mode, memory,
                times[n / 2], times[n / 10], times[Math.min(n - 1, n * 9 / 10)]);
    }
}
