package io.wasmhive.engine.fuel;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which functions their callers pay for. A function whose whole body is one region (no branch,
 * loop, call, trap or sized work) costs the same on every run, so it need not touch the fuel
 * balance at all: every caller adds that cost to its own charge and keeps its balance in its local
 * across the call, where otherwise the call costs four accesses to the fuel global (the caller's
 * flush and reload, the callee's reload and flush). A direct call adds the cost to the region that
 * holds it. A {@code call_indirect} into a table whose contents are fixed at instantiation looks
 * its target's cost up by the index ({@link Dispatch}) and syncs the global only when the target
 * pays for itself.
 *
 * <p>Only functions the host cannot reach are paid for by their callers: not exported, not the
 * start function. And only when every table is fixed: no table imported or exported, no
 * {@code table.set}, {@code table.grow/fill/copy/init} or {@code ref.func} in any body, no funcref
 * global, and every element segment active with a constant offset. Otherwise no function is.
 */
final class CallPlan {

    /**
     * The widest index range a dispatch covers; the targets of a {@code call_indirect} that lie
     * farther apart pay for themselves (see {@link #of}), and it syncs as before.
     */
    static final int MAX_DISPATCH = 256;

    static final CallPlan NONE = new CallPlan(new long[0], List.of(), List.of(), List.of());

    /**
     * A {@code call_indirect}'s targets that their callers pay for.
     *
     * @param lowest the lowest table index holding one
     * @param costs  by table index minus {@code lowest}: the target's cost, or 0 where the target
     *               (or the trap) pays for itself
     */
    record Dispatch(int lowest, long[] costs) {}

    /** A {@code call_indirect type table}, or with {@code tail} a {@code return_call_indirect}, somewhere in the module. */
    record Indirect(int type, int table, boolean tail) {}

    private final long[] costs;
    private final List<Integer> functionTypes;
    private final List<String> signatures;
    private final List<Map<Integer, Integer>> tables;

    /**
     * @param costs         by function index: what a call costs its caller, 0 if the function pays
     *                      for itself
     * @param functionTypes by function index: its type index
     * @param signatures    by type index: the type's encoding, equal for equal types
     * @param tables        by table index: function index by element index, as the element segments
     *                      leave them
     */
    CallPlan(long[] costs, List<Integer> functionTypes, List<String> signatures,
            List<Map<Integer, Integer>> tables) {
        this.costs = costs;
        this.functionTypes = functionTypes;
        this.signatures = signatures;
        this.tables = tables;
    }

    /**
     * The plan for a module whose bodies hold the indirect calls {@code indirect}. A function its
     * callers would pay for pays for itself after all where an indirect call can reach it without
     * charging its cost: a {@code return_call_indirect} (which leaves without a dispatch), or a
     * {@code call_indirect} whose targets of that type lie too far apart for one dispatch. Taking
     * functions out only narrows every other call's targets, so one pass settles it.
     */
    static CallPlan of(long[] costs, List<Integer> functionTypes, List<String> signatures,
            List<Map<Integer, Integer>> tables, Collection<Indirect> indirect) {
        var plan = new CallPlan(costs.clone(), functionTypes, signatures, tables);
        for (Indirect call : indirect) {
            var paid = plan.paidTargets(call.type(), call.table());
            if (!paid.isEmpty() && (call.tail() || (long) paid.lastKey() - paid.firstKey() >= MAX_DISPATCH)) {
                for (int index : paid.keySet()) {
                    plan.costs[tables.get(call.table()).get(index)] = 0;
                }
            }
        }
        return plan;
    }

    /** What a direct call of {@code function} costs its caller; 0 if the callee pays for itself. */
    long callerPays(int function) {
        return function >= 0 && function < costs.length ? costs[function] : 0;
    }

    /** By table index: the cost of each target of {@code call_indirect type table} that its callers pay for. */
    private TreeMap<Integer, Long> paidTargets(int type, int table) {
        var paid = new TreeMap<Integer, Long>();
        if (table < 0 || table >= tables.size() || type < 0 || type >= signatures.size()) {
            return paid;
        }
        String signature = signatures.get(type);
        tables.get(table).forEach((index, function) -> {
            long cost = callerPays(function);
            if (cost > 0 && signatures.get(functionTypes.get(function)).equals(signature)) {
                paid.put(index, cost);
            }
        });
        return paid;
    }

    /** The lookup for {@code call_indirect type table}, or null when it has no target its caller pays for. */
    Dispatch dispatch(int type, int table) {
        var paid = paidTargets(type, table);
        if (paid.isEmpty()) {
            return null;
        }
        if ((long) paid.lastKey() - paid.firstKey() >= MAX_DISPATCH) {
            // without a dispatch these targets would run unpaid; of() makes them pay for themselves
            throw new IllegalStateException("call_indirect " + type + " " + table + " has targets too far apart");
        }
        int lowest = paid.firstKey();
        var dispatch = new long[paid.lastKey() - lowest + 1];
        paid.forEach((index, cost) -> dispatch[index - lowest] = cost);
        return new Dispatch(lowest, dispatch);
    }
}
