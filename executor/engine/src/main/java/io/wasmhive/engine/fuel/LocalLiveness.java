package io.wasmhive.engine.fuel;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Which locals of a function body may still be read, before each instruction: a local is live
 * there if some path from it reads the local before writing it. {@link FunctionSplitter} passes a
 * piece only the locals live where it starts and hands back only those written and live where it
 * leaves for, instead of every local it touches: fewer values through every call.
 *
 * <p>The usual backward analysis, one set per instruction, repeated until nothing changes. Paths
 * follow the structured control flow: a branch to a block or an {@code if} leads past its end, to
 * a loop back to its start; the function's own label, a {@code return} and a trap lead out, where
 * nothing is read.
 */
final class LocalLiveness {

    /** Beyond this many 64-bit words of sets the body is not analysed. */
    private static final long MAX_WORDS = 4_000_000;
    /**
     * The most words a pass may update per instruction and successor, added up over the passes:
     * 64 passes with up to 1,024 locals, fewer with more, so a hostile body costs linear time.
     */
    private static final int WORK_PER_STEP = 1_024;
    private static final int MAX_PASSES = 64;

    private final int words;
    private final long[] live;

    private LocalLiveness(int words, long[] live) {
        this.words = words;
        this.live = live;
    }

    /**
     * A body as the analysis needs it.
     *
     * @param successors by instruction, where control may go next (none: out of the function)
     * @param local      by instruction, the local it reads or writes, else -1
     * @param writes     by instruction, whether it writes that local ({@code local.set/tee})
     */
    record Flow(int[][] successors, int[] local, boolean[] writes) {}

    /** The analysis of a body with this many locals, or null if it is too large to analyse. */
    static LocalLiveness of(Flow flow, int locals) {
        int count = flow.local().length;
        int words = Math.max(1, (locals + 63) / 64);
        if ((long) words * count > MAX_WORDS || words > WORK_PER_STEP) {
            return null;
        }
        long[] live = new long[words * count];
        long[] out = new long[words];
        int passes = Math.min(MAX_PASSES, WORK_PER_STEP / words);
        for (int pass = 0; pass < passes; pass++) {
            boolean changed = false;
            for (int i = count - 1; i >= 0; i--) {
                Arrays.fill(out, 0);
                for (int next : flow.successors()[i]) {
                    for (int w = 0; w < words; w++) {
                        out[w] |= live[next * words + w];
                    }
                }
                int local = flow.local()[i];
                if (local >= 0) {
                    long bit = 1L << (local & 63);
                    if (flow.writes()[i]) {
                        out[local >>> 6] &= ~bit;
                    } else {
                        out[local >>> 6] |= bit;
                    }
                }
                for (int w = 0; w < words; w++) {
                    if (live[i * words + w] != out[w]) {
                        live[i * words + w] = out[w];
                        changed = true;
                    }
                }
            }
            if (!changed) {
                return new LocalLiveness(words, live);
            }
        }
        return null;
    }

    /** The locals live before instruction {@code i}. */
    BitSet liveAt(int i) {
        return BitSet.valueOf(Arrays.copyOfRange(live, i * words, (i + 1) * words));
    }
}
