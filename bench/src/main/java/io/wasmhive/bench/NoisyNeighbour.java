package io.wasmhive.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tenant B sends steady traffic at a fixed rate, first alone, then while tenant A floods far over
 * its rate quota and burns its whole fuel budget on every call. Prints B's latency percentiles and
 * answers in both phases, and what A got. Run by {@code bench/noisy-neighbour.sh} against a
 * running platform; it sends traffic only to the executor URL it is given.
 *
 * <p>Arguments: executor base URL, B's function path, A's flood path, A's burn path, seconds per
 * phase, B's requests per second, A's requests per second (open loop, four fifths to the flood
 * path and one fifth to the burning one).
 */
public final class NoisyNeighbour {

    public static void main(String[] args) throws Exception {
        URI executor = URI.create(args[0]);
        String victim = args[1];
        String flood = args[2];
        String burn = args[3];
        int seconds = Integer.parseInt(args[4]);
        int rate = Integer.parseInt(args[5]);
        int attackRate = Integer.parseInt(args[6]);
        // A and B are different clients, as they would be: each with its own connections and I/O thread.
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var attackerClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        for (String path : List.of(flood, burn)) {
            send(attackerClient, executor.resolve(path)); // compile A's functions before anything is measured
        }
        steady(client, executor.resolve(victim), rate, 5); // warm-up: compilation and JIT of B's function
        var alone = steady(client, executor.resolve(victim), rate, seconds);
        var aStatuses = new ConcurrentHashMap<Integer, AtomicInteger>();
        var attackers = Executors.newVirtualThreadPerTaskExecutor();
        var sent = new AtomicInteger();
        ScheduledExecutorService attack = Executors.newSingleThreadScheduledExecutor();
        attack.scheduleAtFixedRate(() -> {
            String path = sent.incrementAndGet() % 5 == 0 ? burn : flood;
            attackers.submit(() -> {
                int status = send(attackerClient, executor.resolve(path)).status();
                aStatuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
            });
        }, 0, 1_000_000 / attackRate, TimeUnit.MICROSECONDS);
        Thread.sleep(2000);
        var flooded = steady(client, executor.resolve(victim), rate, seconds);
        attack.shutdownNow();
        attackers.shutdown();
        attackers.awaitTermination(30, TimeUnit.SECONDS);

        System.out.printf("B alone:        %s%n", alone);
        System.out.printf("B under flood:  %s%n", flooded);
        System.out.printf("p99 ratio (flood / alone): %.2f%n", flooded.percentile(0.99) / alone.percentile(0.99));
        System.out.printf("A's answers during the flood: %s%n", new java.util.TreeMap<>(aStatuses));
    }

    record Sample(int status, long nanos) {}

    record Phase(List<Long> latencies, Map<Integer, Integer> statuses) {
        double percentile(double p) {
            var sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1e6;
        }

        @Override
        public String toString() {
            return String.format("%d requests, p50 %.2f ms, p99 %.2f ms, answers %s", latencies.size(),
                    percentile(0.5), percentile(0.99), new java.util.TreeMap<>(statuses));
        }
    }

    /** Sends at a fixed rate (open loop: a slow answer does not delay the next request). */
    private static Phase steady(HttpClient client, URI uri, int rate, int seconds) throws InterruptedException {
        var latencies = Collections.synchronizedList(new ArrayList<Long>());
        var statuses = new ConcurrentHashMap<Integer, Integer>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        var senders = Executors.newVirtualThreadPerTaskExecutor();
        timer.scheduleAtFixedRate(() -> senders.submit(() -> {
            var sample = send(client, uri);
            latencies.add(sample.nanos());
            statuses.merge(sample.status(), 1, Integer::sum);
        }), 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
        Thread.sleep(seconds * 1000L);
        timer.shutdownNow();
        senders.shutdown();
        senders.awaitTermination(30, TimeUnit.SECONDS);
        return new Phase(List.copyOf(latencies), Map.copyOf(statuses));
    }

    private static Sample send(HttpClient client, URI uri) {
        long start = System.nanoTime();
        try {
            var response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return new Sample(response.statusCode(), System.nanoTime() - start);
        } catch (Exception e) {
            return new Sample(-1, System.nanoTime() - start);
        }
    }
}
