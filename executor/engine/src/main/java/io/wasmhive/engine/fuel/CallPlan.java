package io.wasmhive.engine.fuel;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * its target's cost up by the index ({@link Dispatch}), calls the target directly when there are
 * few, and syncs the global only when the target pays for itself.
 *
 * <p>Only functions the host cannot reach are paid for by their callers: not exported, not the
 * start function. And only when every table is fixed: no table imported or exported, no
 * {@code table.set}, {@code table.grow/fill/copy/init} or {@code ref.func} in any body, no funcref
 * global, and every element segment active with a constant offset. Otherwise no function is.
 *
 * <p>A function that pays for itself but can only be reached by a direct call (not exported, not
 * the start function, in no element segment, and no {@code ref.func} anywhere in the module) is
 * handed its caller's balance as an extra last parameter ({@link Passing}), so the caller does not
 * flush it and the callee does not read the global. Where the function returns nothing or one
 * i32, and the module has no tail calls, it hands the balance back in its result too, and the
 * call touches the global not at all. Its type changes, which nothing outside can see.
 */
final class CallPlan {

    /**
     * The widest index range a dispatch covers; the targets of a {@code call_indirect} that lie
     * farther apart pay for themselves (see {@link #of}), and it syncs as before.
     */
    static final int MAX_DISPATCH = 256;

    static final CallPlan NONE = new CallPlan(new long[0], new Passing[0], List.of(), List.of(), List.of());

    /**
     * The most parameters a function may have to be handed the balance, and a dispatched
     * {@code call_indirect} to keep in locals: well inside what a JVM method takes.
     */
    static final int MAX_PARAMS_TAKING_BALANCE = 64;

    /**
     * The most distinct targets a dispatch calls directly; past it, each cost has one arm, which
     * calls through the table.
     */
    static final int MAX_DIRECT_TARGETS = 4;

    /**
     * A {@code call_indirect}'s targets that their callers pay for.
     *
     * @param lowest    the lowest table index holding one
     * @param costs     by table index minus {@code lowest}: the target's cost, or 0 where the target
     *                  (or the trap) pays for itself
     * @param functions by table index minus {@code lowest}: the target where its cost is paid, else -1
     * @param params    the value types of the call's parameters, which the dispatch keeps in locals
     * @param result    the call's result type, or {@code 0x40} when it has none
     */
    record Dispatch(int lowest, long[] costs, int[] functions, byte[] params, byte result) {

        /** Whether its arms call their targets directly, one arm each: few enough to spell out. */
        boolean direct() {
            return Arrays.stream(functions).filter(f -> f >= 0).distinct().count() <= MAX_DIRECT_TARGETS;
        }
    }

    /** How a function's callers pass it their balance, and how it gives the balance back. */
    enum Passing {
        /** The callee reads the fuel global at entry and writes it back before it returns. */
        NONE,
        /** The balance is its last parameter; it writes the global back before it returns. */
        IN,
        /** The balance is its last parameter and its only result (it returns nothing else). */
        IN_OUT,
        /**
         * The balance is its last parameter, and its i64 result is its own i32 result in the low
         * half and the fuel it spent in the high half; spending 2^32 - 1 or more, it writes the
         * global back and puts all ones there instead.
         */
        IN_OUT_PACKED
    }

    /** The high half of an {@link Passing#IN_OUT_PACKED} result that says: read the global. */
    static final long SPENT_IN_GLOBAL = 0xffff_ffffL;

    /** A {@code call_indirect type table}, or with {@code tail} a {@code return_call_indirect}, somewhere in the module. */
    record Indirect(int type, int table, boolean tail) {}

    private final long[] costs;
    private final Passing[] passing;
    private final List<Integer> functionTypes;
    private final List<String> signatures;
    private final List<Map<Integer, Integer>> tables;

    /**
     * @param costs         by function index: what a call costs its caller, 0 if the function pays
     *                      for itself
     * @param passing       by function index: how its callers pass it their balance
     * @param functionTypes by function index: its type index
     * @param signatures    by type index: the type's canonical encoding, equal for equal types
     * @param tables        by table index: function index by element index, as the element segments
     *                      leave them
     */
    private CallPlan(long[] costs, Passing[] passing, List<Integer> functionTypes, List<String> signatures,
            List<Map<Integer, Integer>> tables) {
        this.costs = costs;
        this.passing = passing;
        this.functionTypes = functionTypes;
        this.signatures = signatures;
        this.tables = tables;
    }

    /**
     * The plan for a module whose bodies hold the indirect calls {@code indirect}. A function its
     * callers would pay for pays for itself after all where an indirect call can reach it without
     * charging its cost: a {@code return_call_indirect} (which leaves without a dispatch), or a
     * {@code call_indirect} whose targets of that type lie too far apart for one dispatch, or whose
     * type a dispatch cannot hold in locals and one block ({@link ValueTypes#of}). Taking
     * functions out only narrows every other call's targets, so one pass settles it.
     *
     * @param possible by function index: how it could be passed the balance, should it pay for itself
     */
    static CallPlan of(long[] costs, Passing[] possible, List<Integer> functionTypes, List<String> signatures,
            List<Map<Integer, Integer>> tables, Collection<Indirect> indirect) {
        var plan = new CallPlan(costs.clone(), new Passing[costs.length], functionTypes, signatures, tables);
        for (Indirect call : indirect) {
            var paid = plan.paidTargets(call.type(), call.table());
            if (!paid.isEmpty() && (call.tail() || (long) paid.lastKey() - paid.firstKey() >= MAX_DISPATCH
                    || ValueTypes.of(signatures.get(call.type())) == null)) {
                for (int index : paid.keySet()) {
                    plan.costs[tables.get(call.table()).get(index)] = 0;
                }
            }
        }
        for (int function = 0; function < costs.length; function++) {
            plan.passing[function] = plan.costs[function] == 0 ? possible[function] : Passing.NONE;
        }
        return plan;
    }

    /** How {@code function}'s callers pass it their balance. */
    Passing passing(int function) {
        return function >= 0 && function < passing.length ? passing[function] : Passing.NONE;
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
        var types = ValueTypes.of(signatures.get(type));
        if (types == null) {
            throw new IllegalStateException("call_indirect " + type + " " + table + " has a type no dispatch holds");
        }
        int lowest = paid.firstKey();
        var costs = new long[paid.lastKey() - lowest + 1];
        var functions = new int[costs.length];
        Arrays.fill(functions, -1);
        paid.forEach((index, cost) -> {
            costs[index - lowest] = cost;
            functions[index - lowest] = tables.get(table).get(index);
        });
        return new Dispatch(lowest, costs, functions, types.params(), types.result());
    }

    /** A function type's parameter types and result type, where a dispatch can hold them. */
    record ValueTypes(byte[] params, byte result) {

        /** i32, i64, f32, f64, v128, funcref, externref: every value type the meter lets through. */
        private static final String ONE_BYTE = "\u007f\u007e\u007d\u007c\u007b\u0070\u006f";

        /**
         * The types of {@code signature} (as {@code FuelInstrumenter} encodes a type), or null
         * unless every type is one byte, there are at most {@link #MAX_PARAMS_TAKING_BALANCE}
         * parameters and at most one result.
         */
        static ValueTypes of(String signature) {
            // 0x60, the parameter count, the parameters, the result count, the results; counts are in
            // their shortest form, so one below 128 takes one byte and a larger one is refused here
            int paramCount = signature.length() > 1 ? signature.charAt(1) : Integer.MAX_VALUE;
            if (paramCount > MAX_PARAMS_TAKING_BALANCE || signature.length() < paramCount + 3) {
                return null;
            }
            String params = signature.substring(2, 2 + paramCount);
            String results = signature.substring(3 + paramCount);
            if (signature.charAt(2 + paramCount) != results.length() || results.length() > 1
                    || !(params + results).chars().allMatch(type -> ONE_BYTE.indexOf(type) >= 0)) {
                return null;
            }
            return new ValueTypes(params.getBytes(StandardCharsets.ISO_8859_1),
                    results.isEmpty() ? 0x40 : (byte) results.charAt(0));
        }
    }
}
