package io.wasmhive.engine.fuel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

/** A local is live where some path reads it before writing it, around loops too. */
class LocalLivenessTest {

    /**
     * <pre>
     * 0: local.set 0        ;; x = ...
     * 1: loop               ;; back edge from 5
     * 2:   local.get 1      ;; reads y
     * 3:   local.get 0      ;; reads x
     * 4:   local.set 1      ;; y = ...
     * 5:   br_if 0          ;; to 1, or on to 6
     * 6: end
     * 7: local.get 2        ;; reads z
     * 8: end of the function
     * </pre>
     */
    @Test
    void liveUntilWrittenAndAroundTheLoop() {
        int[][] successors = {{1}, {2}, {3}, {4}, {5}, {1, 6}, {7}, {8}, {}};
        int[] local = {0, -1, 1, 0, 1, -1, -1, 2, -1};
        boolean[] writes = {true, false, false, false, true, false, false, false, false};

        var liveness = LocalLiveness.of(new LocalLiveness.Flow(successors, local, writes), 3);

        assertThat(liveness.liveAt(0)).as("before x is written").isEqualTo(locals(1, 2));
        assertThat(liveness.liveAt(1)).as("loop header").isEqualTo(locals(0, 1, 2));
        assertThat(liveness.liveAt(4)).as("y about to be written").isEqualTo(locals(0, 2));
        assertThat(liveness.liveAt(5)).as("y read again after the back edge").isEqualTo(locals(0, 1, 2));
        assertThat(liveness.liveAt(7)).isEqualTo(locals(2));
        assertThat(liveness.liveAt(8)).as("out of the function").isEqualTo(locals());
    }

    @Test
    void aBodyTooLargeToAnalyseIsLeftAlone() {
        int count = 10_000; // 10,000 sets of 782 words
        var flow = new LocalLiveness.Flow(new int[count][0], new int[count], new boolean[count]);

        assertThat(LocalLiveness.of(flow, 50_000)).isNull();
    }

    private static BitSet locals(int... indices) {
        var set = new BitSet();
        for (int index : indices) {
            set.set(index);
        }
        return set;
    }
}
