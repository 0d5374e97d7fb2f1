package io.wasmhive.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Mutated variants of valid modules go through validation, instantiation and a run. Each one
 * must end as an {@link InvalidModuleException} or a guest failure within its limits: no other
 * exception, no hang, no dead JVM. The size is {@code -Dwasmhive.fuzz.iterations} (default 1500,
 * for CI); the seed is {@code -Dwasmhive.fuzz.seed}, printed on failure to replay a run.
 */
class ModuleFuzzTest {

    private static final int ITERATIONS = Integer.getInteger("wasmhive.fuzz.iterations", 1500);
    private static final long SEED = Long.getLong("wasmhive.fuzz.seed", System.nanoTime());
    private static final String[] SEEDS = {"hello-wat/hello.wasm", "hello-c/hello.wasm", "crunch-c/crunch.wasm",
            "fixtures/loop.wasm", "fixtures/memory-hog.wasm", "fixtures/deep-recursion.wasm", "fixtures/trap.wasm"};
    private static final ExecutionLimits LIMITS = ExecutionLimits.DEFAULTS.withMemoryBytes(4 << 20).withFuel(2_000_000)
            .withTimeout(Duration.ofSeconds(2)).withMaxOutputBytes(1 << 20);
    private static final Engine ENGINE = new Engine(
            new EngineOptions(2, 8, 8, 1 << 20, java.util.Optional.empty(), 1L << 30));
    private static final String TENANT = "fuzz";

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    @Test
    void mutatedModulesAreRefusedOrFailCleanly() {
        var random = new Random(SEED);
        List<byte[]> seeds = Arrays.stream(SEEDS).map(Guests::bytes).toList();
        int ran = 0;
        int refused = 0;
        int threadsBefore = Thread.activeCount();
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] mutant = mutate(seeds.get(random.nextInt(seeds.size())), random);
            GuestExecutor executor;
            try {
                executor = ENGINE.load(mutant);
            } catch (InvalidModuleException expected) {
                refused++;
                continue;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("seed " + SEED + ", iteration " + i + ": loading failed with " + e, e);
            }
            try {
                ENGINE.invoke(TENANT, executor, request(), Map.of(), LIMITS);
            } catch (GuestFailureException | EngineOverloadedException expected) {
                // a clean, reported failure
            } catch (RuntimeException e) {
                fail("seed " + SEED + ", iteration " + i + ": running failed with " + e, e);
            }
            ran++;
        }
        System.out.printf("fuzz seed %d: %d mutants, %d refused at load, %d ran%n", SEED, ITERATIONS, refused, ran);
        assertThat(refused).isPositive();
        assertThat(ran).as("some mutants must still run").isPositive();
        assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore + 2 /* the engine's own workers */);
    }

    private static GuestRequest request() {
        return new GuestRequest("POST", "/", "n=100", List.of(new Header("X-A", "b")),
                RequestBody.of("body".getBytes(StandardCharsets.UTF_8)), "/fn/t/f", "localhost", 80, "127.0.0.1", "HTTP/1.1");
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] bytes = seed.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            bytes = switch (random.nextInt(5)) {
                case 0 -> flipBytes(bytes, random);
                case 1 -> Arrays.copyOf(bytes, 8 + random.nextInt(Math.max(1, bytes.length - 8)));
                case 2 -> shuffleSections(bytes, random);
                case 3 -> hugeCount(bytes, random);
                default -> insertBytes(bytes, random);
            };
        }
        return bytes;
    }

    private static byte[] flipBytes(byte[] bytes, Random random) {
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips && bytes.length > 8; i++) {
            bytes[8 + random.nextInt(bytes.length - 8)] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    private static byte[] insertBytes(byte[] bytes, Random random) {
        int at = 8 + random.nextInt(Math.max(1, bytes.length - 7));
        byte[] extra = new byte[1 + random.nextInt(16)];
        random.nextBytes(extra);
        byte[] result = new byte[bytes.length + extra.length];
        System.arraycopy(bytes, 0, result, 0, Math.min(at, bytes.length));
        System.arraycopy(extra, 0, result, Math.min(at, bytes.length), extra.length);
        System.arraycopy(bytes, Math.min(at, bytes.length), result, Math.min(at, bytes.length) + extra.length,
                bytes.length - Math.min(at, bytes.length));
        return result;
    }

    /** Overwrites a byte after a section id with a maximal LEB128 count (0xffffffff). */
    private static byte[] hugeCount(byte[] bytes, Random random) {
        var sections = sectionStarts(bytes);
        if (sections.isEmpty()) {
            return bytes;
        }
        int start = sections.get(random.nextInt(sections.size()));
        byte[] huge = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
        byte[] result = bytes.clone();
        int at = Math.min(start + 2 + random.nextInt(3), result.length - huge.length);
        if (at > 8) {
            System.arraycopy(huge, 0, result, at, huge.length);
        }
        return result;
    }

    private static byte[] shuffleSections(byte[] bytes, Random random) {
        var starts = sectionStarts(bytes);
        if (starts.size() < 2) {
            return bytes;
        }
        var pieces = new ArrayList<byte[]>();
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : bytes.length;
            pieces.add(Arrays.copyOfRange(bytes, starts.get(i), end));
        }
        int a = random.nextInt(pieces.size());
        int b = random.nextInt(pieces.size());
        var swap = pieces.get(a);
        pieces.set(a, pieces.get(b));
        pieces.set(b, swap);
        var out = new java.io.ByteArrayOutputStream();
        out.write(bytes, 0, 8);
        pieces.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** Offsets of the top-level sections, as far as they can be followed. */
    private static List<Integer> sectionStarts(byte[] bytes) {
        var starts = new ArrayList<Integer>();
        int position = 8;
        while (position < bytes.length) {
            starts.add(position);
            int p = position + 1;
            long size = 0;
            for (int shift = 0; p < bytes.length && shift < 35; shift += 7) {
                int b = bytes[p++] & 0xff;
                size |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            long next = p + size;
            if (next > bytes.length || next <= position) {
                break;
            }
            position = (int) next;
        }
        return starts;
    }
}
