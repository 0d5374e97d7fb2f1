package io.wasmhive.bench;

import java.util.Arrays;

/**
 * The meter's overhead on a busy machine: the unmetered and metered runs of FuelOverheadBenchmark
 * (or, for {@code js-echo}, of ComponentFuelOverheadBenchmark) alternate in one JVM, and each
 * metered run is divided by the unmetered run just before it. Load from other processes slows both
 * halves of a pair alike, so the median of the pairs' ratios holds still where JMH's separate
 * averages wander.
 *
 * <pre>
 * java -Dwasmhive.examples=examples -Xss8m -cp bench/target/benchmarks.jar io.wasmhive.bench.FuelOverheadPairs \
 *     'crunch-c/crunch.wasm?n=200000'|js-echo[/large/1] [pairs, default 400] [paged|bytebuffer|bytearray] [warm-up seconds, default 15]
 * </pre>
 */
public final class FuelOverheadPairs {

    private FuelOverheadPairs() {}

    public static void main(String[] args) {
        Runnable unmetered = benchmark(args, "unmetered");
        Runnable metered = benchmark(args, "metered");
        int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        long warmUpNanos = (long) ((args.length > 3 ? Double.parseDouble(args[3]) : 15) * 1e9);

        for (long end = System.nanoTime() + warmUpNanos; System.nanoTime() < end; ) {
            unmetered.run();
            metered.run();
        }
        double[] ratios = new double[pairs];
        double[] unmeteredMs = new double[pairs];
        double[] meteredMs = new double[pairs];
        for (int p = 0; p < pairs; p++) {
            long start = System.nanoTime();
            unmetered.run();
            long middle = System.nanoTime();
            metered.run();
            long end = System.nanoTime();
            unmeteredMs[p] = (middle - start) / 1e6;
            meteredMs[p] = (end - middle) / 1e6;
            ratios[p] = meteredMs[p] / unmeteredMs[p];
        }
        Arrays.sort(ratios);
        Arrays.sort(unmeteredMs);
        Arrays.sort(meteredMs);
        System.out.printf("%s: %d pairs; median ms unmetered %.2f, metered %.2f; metered/unmetered per pair:"
                        + " median %.3f (p25 %.3f, p75 %.3f)%n",
                args[0], pairs, unmeteredMs[pairs / 2], meteredMs[pairs / 2], ratios[pairs / 2], ratios[pairs / 4],
                ratios[3 * pairs / 4]);
    }

    private static Runnable benchmark(String[] args, String mode) {
        if (args[0].startsWith("js-echo")) {
            var echo = new ComponentFuelOverheadBenchmark();
            echo.mode = mode;
            echo.path = args[0].substring("js-echo".length()).isEmpty() ? "/echo" : args[0].substring("js-echo".length());
            echo.load();
            return echo::echo;
        }
        var bench = new FuelOverheadBenchmark();
        bench.program = args[0];
        bench.mode = mode;
        bench.memory = args.length > 2 ? args[2] : "paged";
        bench.compile();
        return bench::run;
    }
}
