package io.wasmhive.engine.fuel;

import io.wasmhive.engine.internal.BinaryReader;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Meters one function body. The body is cut into regions where control can arrive other than by
 * falling through: at a loop header, an if's arm, an else, after a branch or a return, and at the
 * end of anything but a loop or a block no branch targets. Each region's static cost is charged
 * once, at its start, so a block's body and what follows a loop share the charge before them:
 * every path pays exactly for the instructions it runs, with fewer charges, which matters most
 * where Chicory interprets. The region at a loop header, and at the entry of a function that
 * calls, also checks the balance, so every path that can repeat traps once the fuel is spent.
 * Run-time sized work (memory.grow, bulk memory and table operations) is charged by its size just
 * before it runs, and checked.
 *
 * <p>Within a function the balance lives in a local, which the JVM keeps in a register; the
 * module's fuel global is only read at entry and after calls, and written before calls, before
 * the function is left, and before a fuel trap. A function only direct calls reach takes the
 * balance as a parameter instead and may hand it back in its result ({@link CallPlan.Passing}),
 * so such calls touch the global not at all. A guest's own trap can therefore leave the global
 * behind by what was charged since it was last written (across such calls too); it never lets the
 * guest run past an exhausted check.
 */
final class FunctionBodyRewriter {

    private static final int LOCAL_GET = 0x20;
    private static final int LOCAL_SET = 0x21;
    private static final int LOCAL_TEE = 0x22;
    private static final int GLOBAL_GET = 0x23;
    private static final int GLOBAL_SET = 0x24;
    private static final int I64_CONST = 0x42;
    private static final int I64_SUB = 0x7d;
    private static final int I64_SHL = 0x86;
    private static final int I64_SHR_U = 0x88;
    private static final int I64_LT_S = 0x53;
    private static final int I64_EXTEND_I32_U = 0xad;
    private static final int I32_WRAP_I64 = 0xa7;
    private static final int I64_EQ = 0x51;
    private static final int I64_GE_U = 0x5a;
    private static final int I64_OR = 0x84;
    private static final int RETURN = 0x0f;
    private static final int ELSE = 0x05;
    private static final int IF = 0x04;
    private static final int EMPTY_BLOCK_TYPE = 0x40;
    private static final int UNREACHABLE = 0x00;
    private static final int END = 0x0b;
    private static final int I32 = 0x7f;
    private static final int I32_CONST = 0x41;
    private static final int I32_EQ = 0x46;
    private static final int I64 = 0x7e;
    /** Locals a function may have in all, as the JVM-facing runtimes bound them. */
    private static final long MAX_LOCALS = 50_000;

    /**
     * One instruction.
     *
     * @param closesRegion whether control can reach the next instruction other than from this one,
     *                     so the next one starts a region
     */
    private record Span(int start, int end, Instructions.Kind kind, List<Integer> labels, boolean closesRegion) {}

    private static final int BR = 0x0c;
    private static final int BR_TABLE = 0x0e;
    private static final int BLOCK = 0x02;
    private static final int LOOP = 0x03;
    private static final int CALL = 0x10;
    private static final int CALL_INDIRECT = 0x11;
    private static final int RETURN_CALL = 0x12;
    private static final int RETURN_CALL_INDIRECT = 0x13;
    private static final int TABLE_SET = 0x26;
    private static final int REF_FUNC = 0xd2;
    private static final int I32_SUB = 0x6b;

    private final int fuelGlobal;
    private final int typeCount;
    private final CallPlan plan;

    /**
     * @param fuelGlobal the fuel global's index, one past the module's own globals
     * @param typeCount  the module's own types
     */
    FunctionBodyRewriter(int fuelGlobal, int typeCount, CallPlan plan) {
        this.fuelGlobal = fuelGlobal;
        this.typeCount = typeCount;
        this.plan = plan;
    }

    /**
     * What {@link CallPlan} needs to know of one body, walked before any is rewritten.
     *
     * @param straightLineCost its cost when the whole body is one region that neither calls nor
     *                         does sized work (so every run costs the same), else 0
     * @param changesTables    whether it can change a table or take a function's reference
     *                         ({@code table.set}, bulk table work, {@code ref.func})
     * @param takesReferences  whether it takes a function's reference ({@code ref.func})
     * @param tailCalls        whether it makes a tail call
     * @param indirectCalls    its {@code call_indirect} and {@code return_call_indirect}
     */
    record Survey(long straightLineCost, boolean changesTables, boolean takesReferences, boolean tailCalls,
            List<CallPlan.Indirect> indirectCalls) {}

    static Survey survey(byte[] body, int offset, int length) {
        var in = new BinaryReader(body, offset, offset + length, "module");
        int localGroups = in.count();
        for (int i = 0; i < localGroups; i++) {
            in.u32();
            Instructions.skipValueType(in);
        }
        List<Span> code = decode(in);
        boolean straight = true;
        boolean changesTables = false;
        boolean takesReferences = false;
        boolean tailCalls = false;
        var indirect = new ArrayList<CallPlan.Indirect>(0);
        for (Span span : code) {
            int opcode = body[span.start()] & 0xff;
            changesTables |= opcode == TABLE_SET || opcode == REF_FUNC || span.kind() == Instructions.Kind.BULK_TABLE;
            takesReferences |= opcode == REF_FUNC;
            tailCalls |= opcode == RETURN_CALL || opcode == RETURN_CALL_INDIRECT;
            if (opcode == CALL_INDIRECT || opcode == RETURN_CALL_INDIRECT) {
                var call = new BinaryReader(body, span.start() + 1, span.end(), "module");
                int type = call.u32();
                indirect.add(new CallPlan.Indirect(type, call.u32(), opcode == RETURN_CALL_INDIRECT));
            }
            straight &= switch (span.kind()) {
                case PLAIN, LOCAL, BLOCK, END -> true;
                default -> false;
            };
        }
        long[] charges = regionCharges(code, new long[code.size()]);
        for (int i = 1; i < charges.length; i++) {
            straight &= charges[i] == 0;
        }
        return new Survey(straight ? charges[0] : 0, changesTables, takesReferences, tailCalls, indirect);
    }

    /**
     * @param body       the module bytes holding the body
     * @param offset     where the body (locals and code, without its size prefix) starts
     * @param length     the body's length
     * @param paramCount the function's parameter count, to number the added locals
     * @param paidByCallers whether its callers pay for it ({@link CallPlan}): then it is left as it is
     * @param passing    how its callers pass it their balance ({@link CallPlan.Passing}); when they
     *                   do, the balance is its last parameter and its own locals move up by one
     * @param balanceLocal receives, at the function's index in it, the local holding its balance
     *                   (-1 for a function its callers pay for)
     */
    byte[] rewrite(byte[] body, int offset, int length, int paramCount, boolean paidByCallers,
            CallPlan.Passing passing, int[] balanceLocal, int function) {
        var in = new BinaryReader(body, offset, offset + length, "module");
        int localGroups = in.count();
        long localCount = 0;
        for (int i = 0; i < localGroups; i++) {
            localCount += Integer.toUnsignedLong(in.u32());
            Instructions.skipValueType(in);
            if (localCount > MAX_LOCALS) {
                throw in.unsupported("a function declares more than " + MAX_LOCALS + " locals");
            }
        }
        int groupsEnd = in.position();
        List<Span> code = decode(in);
        for (Span span : code) {
            requireDeclared(body, span, paramCount + localCount);
        }
        if (paidByCallers) {
            balanceLocal[function] = -1;
            return Arrays.copyOfRange(body, offset, offset + length); // surveyed as it is
        }
        boolean sizedWork = code.stream().anyMatch(s -> s.kind() == Instructions.Kind.GROW_MEMORY
                || s.kind() == Instructions.Kind.BULK_MEMORY || s.kind() == Instructions.Kind.BULK_TABLE);
        // what each call costs its caller up front, the lookups of call_indirect, and how each callee takes the balance
        long[] paid = new long[code.size()];
        var dispatches = new CallPlan.Dispatch[code.size()];
        var callees = new CallPlan.Passing[code.size()];
        Arrays.fill(callees, CallPlan.Passing.NONE);
        boolean calls = false;
        for (int i = 0; i < code.size(); i++) {
            Span span = code.get(i);
            if (span.kind() == Instructions.Kind.EXIT) {
                calls = true;
                if ((body[span.start()] & 0xff) == RETURN_CALL) {
                    // the callee will not charge itself: the region that leaves for it pays for it
                    var call = new BinaryReader(body, span.start() + 1, span.end(), "module");
                    int callee = call.u32();
                    paid[i] = plan.callerPays(callee);
                    callees[i] = plan.passing(callee);
                }
            } else if (span.kind() == Instructions.Kind.CALL) {
                var call = new BinaryReader(body, span.start(), span.end(), "module");
                int opcode = call.u8();
                if (opcode == CALL) {
                    int callee = call.u32();
                    paid[i] = plan.callerPays(callee);
                    callees[i] = plan.passing(callee);
                } else if (opcode == CALL_INDIRECT) {
                    int type = call.u32();
                    dispatches[i] = plan.dispatch(type, call.u32());
                }
                calls |= paid[i] == 0; // a call to a function its callers pay for cannot recurse
            }
        }
        boolean takesBalance = passing != CallPlan.Passing.NONE;
        boolean givesBack = passing == CallPlan.Passing.IN_OUT || passing == CallPlan.Passing.IN_OUT_PACKED;
        boolean scratch = sizedWork || Arrays.stream(dispatches).anyMatch(Objects::nonNull);
        boolean unpacks = Arrays.asList(callees).contains(CallPlan.Passing.IN_OUT_PACKED);
        int firstLocal = takesBalance ? paramCount + 1 : paramCount; // where the body's own locals start now
        int firstAdded = (int) (firstLocal + localCount);
        int next = firstAdded;
        var local = new Locals(takesBalance ? paramCount : next++, scratch ? next++ : -1,
                passing == CallPlan.Passing.IN_OUT_PACKED ? next++ : -1, unpacks ? next++ : -1,
                new LinkedHashMap<>());
        balanceLocal[function] = local.balance();
        int firstArgument = next;
        var argumentsByType = new LinkedHashMap<Byte, Integer>(); // the most of one type a dispatched call passes
        for (var dispatch : dispatches) {
            if (dispatch != null) {
                countByType(dispatch.params()).forEach((type, count) -> argumentsByType.merge(type, count, Math::max));
            }
        }
        for (var type : argumentsByType.entrySet()) {
            local.arguments().put(type.getKey(), next);
            next += type.getValue();
        }

        var out = new ByteArrayOutputStream(length + length / 3 + 32);
        var groups = new BinaryReader(body, offset, groupsEnd, "module");
        groups.u32();
        writeU32(out, localGroups + (firstArgument - firstAdded) + argumentsByType.size());
        out.write(body, groups.position(), groupsEnd - groups.position());
        for (int added = firstAdded; added < firstArgument; added++) {
            writeU32(out, 1);
            out.write(added == local.size() ? I32 : I64);
        }
        argumentsByType.forEach((type, count) -> {
            writeU32(out, count);
            out.write(type);
        });
        if (!takesBalance) {
            reload(out, local);
        } else if (local.entry() >= 0) {
            op(out, LOCAL_GET, local.balance());
            op(out, LOCAL_SET, local.entry());
        }
        if (givesBack) {
            out.write(BLOCK); // the function's own label: every way out leads past its end to the hand-back
            out.write(passing == CallPlan.Passing.IN_OUT ? EMPTY_BLOCK_TYPE : I32);
        }

        long[] charges = regionCharges(code, paid);
        int depth = 0;
        for (int i = 0; i < code.size(); i++) {
            Span span = code.get(i);
            if (charges[i] > 0) {
                charge(out, local, charges[i]);
                if ((i == 0 && calls) || (i > 0 && code.get(i - 1).kind() == Instructions.Kind.LOOP)) {
                    check(out, local);
                }
            }
            int leavingDepth = depth;
            boolean returns = (body[span.start()] & 0xff) == RETURN;
            switch (span.kind()) {
                case CALL, EXIT -> {
                    if (dispatches[i] != null) {
                        dispatchedCall(out, local, dispatches[i], body, span);
                    } else if (callees[i] != CallPlan.Passing.NONE) {
                        op(out, LOCAL_GET, local.balance());
                    } else if ((paid[i] == 0 || span.kind() == Instructions.Kind.EXIT) && !(returns && givesBack)) {
                        flush(out, local);
                    }
                }
                case BRANCH -> {
                    if (span.labels().contains(leavingDepth) && !givesBack) {
                        flush(out, local); // a branch to the function's own label returns
                    }
                }
                case END -> {
                    if (depth == 0 && !givesBack) {
                        flush(out, local);
                    }
                }
                case GROW_MEMORY -> chargeBySize(out, local, I64_SHL, FuelCosts.GROW_PAGE_SHIFT);
                case BULK_MEMORY -> chargeBySize(out, local, I64_SHR_U, FuelCosts.BULK_BYTE_SHIFT);
                case BULK_TABLE -> chargeBySize(out, local, I64_SHR_U, 0);
                default -> { }
            }
            if (dispatches[i] != null) {
                continue; // written whole by dispatchedCall
            } else if (returns && givesBack) {
                op(out, BR, depth); // to the hand-back
            } else if (takesBalance && span.kind() == Instructions.Kind.LOCAL) {
                renumberLocal(out, body, span, paramCount);
            } else {
                out.write(body, span.start(), span.end() - span.start());
            }
            switch (span.kind()) {
                case CALL -> {
                    if (callees[i] == CallPlan.Passing.IN_OUT) {
                        op(out, LOCAL_SET, local.balance());
                    } else if (callees[i] == CallPlan.Passing.IN_OUT_PACKED) {
                        unpack(out, local);
                    } else if (paid[i] == 0) {
                        reload(out, local);
                    }
                }
                case GROW_MEMORY -> noteRefusal(out, local);
                case BLOCK, IF, LOOP -> depth++;
                case END -> depth--;
                default -> { }
            }
            if (depth < 0) {
                break; // the function's final end
            }
        }
        if (givesBack) {
            handBack(out, local, passing);
        }
        return out.toByteArray();
    }

    /**
     * After the function's own label (its result, if any, on the stack): returns the balance, or
     * for {@link CallPlan.Passing#IN_OUT_PACKED} its i32 result and the fuel it spent in one i64.
     */
    private void handBack(ByteArrayOutputStream out, Locals local, CallPlan.Passing passing) {
        if (passing == CallPlan.Passing.IN_OUT) {
            op(out, LOCAL_GET, local.balance());
            out.write(END);
            return;
        }
        // result | spent << 32, with spent = entry - balance; from 2^32 - 1 up: flush, and all ones
        out.write(I64_EXTEND_I32_U);
        op(out, LOCAL_GET, local.entry());
        op(out, LOCAL_GET, local.balance());
        out.write(I64_SUB);
        op(out, LOCAL_TEE, local.entry());
        i64Const(out, CallPlan.SPENT_IN_GLOBAL);
        out.write(I64_GE_U);
        out.write(IF);
        out.write(EMPTY_BLOCK_TYPE);
        flush(out, local);
        i64Const(out, CallPlan.SPENT_IN_GLOBAL);
        op(out, LOCAL_SET, local.entry());
        out.write(END);
        op(out, LOCAL_GET, local.entry());
        i64Const(out, 32);
        out.write(I64_SHL);
        out.write(I64_OR);
        out.write(END);
    }

    /**
     * After a call to a {@link CallPlan.Passing#IN_OUT_PACKED} function: leaves its i32 result and
     * takes what it spent from the balance, or reloads the balance when it spent too much to say.
     */
    private void unpack(ByteArrayOutputStream out, Locals local) {
        op(out, LOCAL_TEE, local.unpacked());
        out.write(I32_WRAP_I64);
        op(out, LOCAL_GET, local.unpacked());
        i64Const(out, 32);
        out.write(I64_SHR_U);
        op(out, LOCAL_TEE, local.unpacked());
        i64Const(out, CallPlan.SPENT_IN_GLOBAL);
        out.write(I64_EQ);
        out.write(IF);
        out.write(EMPTY_BLOCK_TYPE);
        reload(out, local);
        out.write(ELSE);
        op(out, LOCAL_GET, local.balance());
        op(out, LOCAL_GET, local.unpacked());
        out.write(I64_SUB);
        op(out, LOCAL_SET, local.balance());
        out.write(END);
    }

    /**
     * Refuses an index past the module's own locals, globals or types. Such a module is invalid as
     * uploaded, but once metered the index could name what the meter added, and a guest that set
     * the balance would mint fuel.
     */
    private void requireDeclared(byte[] body, Span span, long locals) {
        var in = new BinaryReader(body, span.start(), span.end(), "module");
        switch (in.u8()) {
            case LOCAL_GET, LOCAL_SET, LOCAL_TEE -> requireBelow(in, in.u32(), locals, "local");
            case GLOBAL_GET, GLOBAL_SET -> requireBelow(in, in.u32(), fuelGlobal, "global");
            case CALL_INDIRECT, RETURN_CALL_INDIRECT -> requireBelow(in, in.u32(), typeCount, "type");
            case BLOCK, LOOP, IF -> {
                long blockType = in.s33();
                if (blockType >= 0) {
                    requireBelow(in, (int) blockType, typeCount, "type");
                }
            }
            default -> { }
        }
    }

    /** Refuses {@code index} (an unsigned u32) unless it is below {@code declared}. */
    static void requireBelow(BinaryReader in, int index, long declared, String what) {
        if (Integer.toUnsignedLong(index) >= declared) {
            throw in.malformed("unknown " + what + " " + Integer.toUnsignedString(index) + ": the module declares "
                    + declared);
        }
    }

    /** Writes a {@code local.get/set/tee} with the index of one of the body's own locals moved up by one. */
    private static void renumberLocal(ByteArrayOutputStream out, byte[] body, Span span, int paramCount) {
        var in = new BinaryReader(body, span.start(), span.end(), "module");
        out.write(in.u8());
        int index = in.u32();
        writeU32(out, index < paramCount ? index : index + 1L);
    }

    /**
     * The added locals, -1 where there is none: the balance (i64, or the last parameter), the size
     * operand of sized work or the table index of a dispatched call (i32), the balance at entry of
     * a function that hands back what it spent (i64), a packed result being taken apart (i64), and
     * by value type the first of the locals a dispatched {@code call_indirect} keeps its arguments in.
     */
    private record Locals(int balance, int size, int entry, int unpacked, Map<Byte, Integer> arguments) {}

    /** A block, if or loop being decoded: whether a branch targets its label. */
    private static final class Frame {
        final Instructions.Kind kind;
        boolean targeted;

        Frame(Instructions.Kind kind) {
            this.kind = kind;
        }
    }

    private static List<Span> decode(BinaryReader in) {
        var spans = new ArrayList<Span>();
        var frames = new ArrayList<Frame>();
        while (true) {
            int start = in.position();
            var labels = new ArrayList<Integer>(0);
            Instructions.Kind kind = Instructions.decode(in, labels);
            for (int label : labels) {
                if (label < frames.size()) {
                    frames.get(frames.size() - 1 - label).targeted = true;
                }
            }
            if (kind == Instructions.Kind.END && frames.isEmpty()) {
                if (in.hasMore()) {
                    throw in.malformed("code continues after the function's final end");
                }
                spans.add(new Span(start, in.position(), kind, labels, true));
                return spans;
            }
            boolean closesRegion = switch (kind) {
                case BLOCK, IF, LOOP -> {
                    frames.add(new Frame(kind));
                    yield kind != Instructions.Kind.BLOCK; // an if's arm may be skipped, a loop's header is branched to
                }
                case END -> {
                    Frame closed = frames.removeLast();
                    // a loop is left only by falling out of it; an if's end is reached from its condition or its arm too
                    yield closed.kind == Instructions.Kind.IF || closed.kind == Instructions.Kind.BLOCK && closed.targeted;
                }
                case ELSE, BRANCH, EXIT, TRAP -> true;
                default -> false; // calls and straight-line work fall through to what follows
            };
            spans.add(new Span(start, in.position(), kind, labels, closesRegion));
        }
    }

    /**
     * What each instruction charges before it runs: its region's cost where a region starts, else
     * 0. {@code paid[i]} is what instruction i costs beyond itself: a callee its callers pay for.
     */
    private static long[] regionCharges(List<Span> code, long[] paid) {
        var charges = new long[code.size()];
        int regionStart = 0;
        for (int i = 0; i < code.size(); i++) {
            if (i > 0 && code.get(i - 1).closesRegion()) {
                regionStart = i;
            }
            charges[regionStart] += FuelCosts.INSTRUCTION + paid[i];
        }
        return charges;
    }

    /** {@code balance -= cost} */
    private static void charge(ByteArrayOutputStream out, Locals local, long cost) {
        op(out, LOCAL_GET, local.balance());
        i64Const(out, cost);
        out.write(I64_SUB);
        op(out, LOCAL_SET, local.balance());
    }

    /**
     * {@code if (balance < 0) { fuel = balance; unreachable }}: the host tells exhaustion from the
     * guest's own traps by the negative global.
     */
    private void check(ByteArrayOutputStream out, Locals local) {
        op(out, LOCAL_GET, local.balance());
        i64Const(out, 0);
        out.write(I64_LT_S);
        out.write(IF);
        out.write(EMPTY_BLOCK_TYPE);
        flush(out, local);
        out.write(UNREACHABLE);
        out.write(END);
    }

    /** {@code fuel = balance}, for callees, the host and the caller. */
    private void flush(ByteArrayOutputStream out, Locals local) {
        op(out, LOCAL_GET, local.balance());
        op(out, GLOBAL_SET, fuelGlobal);
    }

    /**
     * A {@code call_indirect} (its arguments and table index on the stack) whose table index
     * decides what it costs the caller. Where the target is a function its callers pay for, its
     * arm charges that cost and calls it: directly when the dispatch has few targets (the table
     * lookup and type check then have nothing left to decide), else through the table again. Any
     * other index flushes the balance for the callee, calls through the table and reloads.
     *
     * <pre>
     * local.set s  local.set a_n ... local.set a_1
     * block (result r)               ;; join
     *   block                        ;; any other index
     *     block ... block            ;; one per target (direct) or per distinct cost
     *       local.get s  i32.const lowest  i32.sub  br_table ...
     *     end  balance -= cost  local.get a_1 ... a_n  call target  br join
     *     ...
     *   end  flush  local.get a_1 ... a_n  local.get s  call_indirect  reload
     * end
     * </pre>
     */
    private void dispatchedCall(ByteArrayOutputStream out, Locals local, CallPlan.Dispatch dispatch, byte[] body,
            Span call) {
        boolean direct = dispatch.direct();
        long[] costs = dispatch.costs();
        var arms = new LinkedHashMap<Long, Integer>(); // arm by target function (direct) or by cost
        var armCosts = new ArrayList<Long>();
        int[] armOf = new int[costs.length]; // by table index minus lowest; -1: the arm for any other index
        for (int t = 0; t < costs.length; t++) {
            long cost = costs[t];
            armOf[t] = cost == 0 ? -1 : arms.computeIfAbsent(direct ? dispatch.functions()[t] : cost, key -> {
                armCosts.add(cost);
                return armCosts.size() - 1;
            });
        }
        int armCount = arms.size();
        int[] arguments = argumentLocals(local, dispatch.params());
        op(out, LOCAL_SET, local.size());
        for (int a = arguments.length - 1; a >= 0; a--) {
            op(out, LOCAL_SET, arguments[a]);
        }
        out.write(BLOCK);
        out.write(dispatch.result());
        out.write(BLOCK);
        out.write(EMPTY_BLOCK_TYPE);
        for (int a = 0; a < armCount; a++) {
            out.write(BLOCK);
            out.write(EMPTY_BLOCK_TYPE);
        }
        op(out, LOCAL_GET, local.size());
        out.write(I32_CONST);
        writeS64(out, dispatch.lowest());
        out.write(I32_SUB);
        out.write(BR_TABLE);
        writeU32(out, costs.length);
        for (int arm : armOf) {
            writeU32(out, arm < 0 ? armCount : arm);
        }
        writeU32(out, armCount); // any other index: the callee pays, or the call traps
        for (var arm : arms.entrySet()) {
            out.write(END);
            charge(out, local, armCosts.get(arm.getValue()));
            argumentsBack(out, arguments);
            if (direct) {
                op(out, CALL, arm.getKey());
            } else {
                op(out, LOCAL_GET, local.size());
                out.write(body, call.start(), call.end() - call.start());
            }
            op(out, BR, armCount - arm.getValue());
        }
        out.write(END);
        flush(out, local);
        argumentsBack(out, arguments);
        op(out, LOCAL_GET, local.size());
        out.write(body, call.start(), call.end() - call.start());
        reload(out, local);
        out.write(END);
    }

    /** The locals a dispatched call with these parameter types keeps its arguments in, in order. */
    private static int[] argumentLocals(Locals local, byte[] params) {
        var used = new LinkedHashMap<Byte, Integer>();
        int[] locals = new int[params.length];
        for (int p = 0; p < params.length; p++) {
            locals[p] = local.arguments().get(params[p]) + used.merge(params[p], 1, Integer::sum) - 1;
        }
        return locals;
    }

    /** How many of each value type {@code params} holds. */
    private static Map<Byte, Integer> countByType(byte[] params) {
        var counts = new LinkedHashMap<Byte, Integer>();
        for (byte type : params) {
            counts.merge(type, 1, Integer::sum);
        }
        return counts;
    }

    private static void argumentsBack(ByteArrayOutputStream out, int[] arguments) {
        for (int argument : arguments) {
            op(out, LOCAL_GET, argument);
        }
    }

    /** {@code balance = fuel}, at entry and after a call charged the global. */
    private void reload(ByteArrayOutputStream out, Locals local) {
        op(out, GLOBAL_GET, fuelGlobal);
        op(out, LOCAL_SET, local.balance());
    }

    /**
     * With the size operand (i32) on top of the stack, charges {@code size << shift} or
     * {@code size >> shift} and checks, leaving the operand where it was.
     */
    private void chargeBySize(ByteArrayOutputStream out, Locals local, int shiftOp, int shift) {
        op(out, LOCAL_TEE, local.size());
        op(out, LOCAL_GET, local.balance());
        op(out, LOCAL_GET, local.size());
        out.write(I64_EXTEND_I32_U);
        i64Const(out, shift);
        out.write(shiftOp);
        out.write(I64_SUB);
        op(out, LOCAL_SET, local.balance());
        check(out, local);
    }

    /**
     * With memory.grow's result on top of the stack: {@code if (result == -1) refused = 1}, leaving
     * the result, so the host knows exactly when a guest failed for want of memory.
     */
    private void noteRefusal(ByteArrayOutputStream out, Locals local) {
        op(out, LOCAL_TEE, local.size());
        out.write(I32_CONST);
        out.write(0x7f); // -1
        out.write(I32_EQ);
        out.write(IF);
        out.write(EMPTY_BLOCK_TYPE);
        out.write(I32_CONST);
        out.write(1);
        op(out, GLOBAL_SET, fuelGlobal + 1);
        out.write(END);
        op(out, LOCAL_GET, local.size());
    }

    /** An instruction with one index immediate: a local, a global or a label. */
    private static void op(ByteArrayOutputStream out, int opcode, long index) {
        out.write(opcode);
        writeU32(out, index);
    }

    private static void i64Const(ByteArrayOutputStream out, long value) {
        out.write(I64_CONST);
        writeS64(out, value);
    }

    static void writeU32(ByteArrayOutputStream out, long value) {
        long x = value & 0xffff_ffffL;
        while (x >= 0x80) {
            out.write((int) ((x & 0x7f) | 0x80));
            x >>>= 7;
        }
        out.write((int) x);
    }

    static void writeS64(ByteArrayOutputStream out, long value) {
        while (true) {
            int b = (int) (value & 0x7f);
            value >>= 7;
            boolean done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            out.write(done ? b : b | 0x80);
            if (done) {
                return;
            }
        }
    }
}
