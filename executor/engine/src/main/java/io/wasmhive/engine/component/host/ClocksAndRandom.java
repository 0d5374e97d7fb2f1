package io.wasmhive.engine.component.host;

import com.dylibso.chicory.runtime.TrapException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** {@code wasi:clocks} (monotonic time counts from the request's start) and {@code wasi:random}. */
final class ClocksAndRandom {

    private static final SecureRandom SECURE = new SecureRandom();
    /** The most random bytes one call hands out. */
    static final long MAX_RANDOM_BYTES = 1 << 20;

    private ClocksAndRandom() {}

    static void register(Registry r) {
        r.in("wasi:clocks/monotonic-clock", """
                        use wasi:io/poll.{pollable};
                        type instant = u64;
                        type duration = u64;
                        """)
                .add("now", "func() -> instant", (s, a) -> System.nanoTime() - s.startedNanos)
                .add("resolution", "func() -> duration", (s, a) -> 1L)
                .add("subscribe-instant", "func(when: instant) -> pollable",
                        (s, a) -> Pollable.at(saturatedAdd(s.startedNanos, (Long) a[0])))
                .add("subscribe-duration", "func(when: duration) -> pollable",
                        (s, a) -> Pollable.at(saturatedAdd(System.nanoTime(), (Long) a[0])));
        r.in("wasi:clocks/wall-clock", "record datetime { seconds: u64, nanoseconds: u32 }")
                .add("now", "func() -> datetime", (s, a) -> {
                    var now = Instant.now();
                    return new Object[] {now.getEpochSecond(), now.getNano()};
                })
                .add("resolution", "func() -> datetime", (s, a) -> new Object[] {0L, 1000});
        r.in("wasi:random/random")
                .add("get-random-bytes", "func(len: u64) -> list<u8>", (s, a) -> bytes((Long) a[0], SECURE))
                .add("get-random-u64", "func() -> u64", (s, a) -> SECURE.nextLong());
        r.in("wasi:random/insecure")
                .add("get-insecure-random-bytes", "func(len: u64) -> list<u8>",
                        (s, a) -> bytes((Long) a[0], ThreadLocalRandom.current()))
                .add("get-insecure-random-u64", "func() -> u64", (s, a) -> ThreadLocalRandom.current().nextLong());
        r.in("wasi:random/insecure-seed")
                .add("insecure-seed", "func() -> tuple<u64, u64>",
                        (s, a) -> new Object[] {ThreadLocalRandom.current().nextLong(), ThreadLocalRandom.current().nextLong()});
    }

    /** {@code base + nanos} for an unsigned {@code nanos}, capped far in the future instead of wrapping. */
    private static long saturatedAdd(long base, long nanos) {
        long far = base + (Long.MAX_VALUE >> 1);
        return nanos < 0 || nanos > Long.MAX_VALUE >> 1 ? far : base + nanos;
    }

    private static byte[] bytes(long length, java.util.Random random) {
        if (length < 0 || length > MAX_RANDOM_BYTES) {
            throw new TrapException("asked for " + Long.toUnsignedString(length) + " random bytes; at most "
                    + MAX_RANDOM_BYTES + " per call");
        }
        byte[] bytes = new byte[(int) length];
        random.nextBytes(bytes);
        return bytes;
    }
}
