package io.wasmhive.engine.fuel;

import io.wasmhive.engine.internal.BinaryReader;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Meters one function body. The body is cut into regions at every control instruction; each
 * region's static cost is charged once at its start. Regions at function entry and at loop
 * headers also check the balance, so every path that can repeat (a loop or a call) traps once the
 * fuel is spent. Run-time sized work (memory.grow, bulk memory and table operations) is charged
 * by its size just before it runs, and checked.
 */
final class FunctionBodyRewriter {

    private static final int LOCAL_TEE = 0x22;
    private static final int LOCAL_GET = 0x20;
    private static final int GLOBAL_GET = 0x23;
    private static final int GLOBAL_SET = 0x24;
    private static final int I64_CONST = 0x42;
    private static final int I64_SUB = 0x7d;
    private static final int I64_ADD = 0x7c;
    private static final int I64_MUL = 0x7e;
    private static final int I64_SHL = 0x86;
    private static final int I64_SHR_U = 0x88;
    private static final int I64_LT_S = 0x53;
    private static final int I64_EXTEND_I32_U = 0xad;
    private static final int IF = 0x04;
    private static final int EMPTY_BLOCK_TYPE = 0x40;
    private static final int UNREACHABLE = 0x00;
    private static final int END = 0x0b;
    private static final int I32 = 0x7f;
    /** Locals a function may have in all, as the JVM-facing runtimes bound them. */
    private static final long MAX_LOCALS = 50_000;

    private record Span(int start, int end, Instructions.Kind kind) {}

    private final int fuelGlobal;

    FunctionBodyRewriter(int fuelGlobal) {
        this.fuelGlobal = fuelGlobal;
    }

    /**
     * @param body       the body: locals and code, without its size prefix
     * @param paramCount the function's parameter count, to number the scratch local
     */
    byte[] rewrite(byte[] body, int offset, int length, int paramCount) {
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
        int localsEnd = in.position();
        List<Span> code = decode(in);
        boolean needsScratch = code.stream().anyMatch(s -> s.kind() == Instructions.Kind.GROW_MEMORY
                || s.kind() == Instructions.Kind.BULK_MEMORY || s.kind() == Instructions.Kind.BULK_TABLE);
        int scratch = (int) (paramCount + localCount);

        var out = new ByteArrayOutputStream(length + length / 4 + 16);
        // Locals: the original groups, plus one i32 scratch local when run-time charges need it.
        var locals = new BinaryReader(body, offset, localsEnd, "module");
        locals.u32();
        int groupsStart = locals.position();
        writeU32(out, needsScratch ? localGroups + 1 : localGroups);
        out.write(body, groupsStart, localsEnd - groupsStart);
        if (needsScratch) {
            writeU32(out, 1);
            out.write(I32);
        }

        int depth = 0;
        boolean regionOpen = false;
        for (int i = 0; i < code.size(); i++) {
            Span span = code.get(i);
            if (!regionOpen) {
                boolean entry = i == 0 || code.get(i - 1).kind() == Instructions.Kind.LOOP;
                charge(out, regionCost(code, i));
                if (entry) {
                    check(out);
                }
                regionOpen = true;
            }
            switch (span.kind()) {
                case GROW_MEMORY -> chargeBySize(out, scratch, I64_SHL, FuelCosts.GROW_PAGE_SHIFT);
                case BULK_MEMORY -> chargeBySize(out, scratch, I64_SHR_U, FuelCosts.BULK_BYTE_SHIFT);
                case BULK_TABLE -> chargeBySize(out, scratch, I64_SHR_U, 0);
                default -> { }
            }
            out.write(body, span.start(), span.end() - span.start());
            switch (span.kind()) {
                case BLOCK, LOOP -> depth++;
                case END -> depth--;
                default -> { }
            }
            if (endsRegion(span.kind())) {
                regionOpen = false;
            }
            if (depth < 0) {
                break; // the function's final end
            }
        }
        return out.toByteArray();
    }

    private static List<Span> decode(BinaryReader in) {
        var spans = new ArrayList<Span>();
        int depth = 0;
        while (true) {
            int start = in.position();
            Instructions.Kind kind = Instructions.decode(in);
            spans.add(new Span(start, in.position(), kind));
            switch (kind) {
                case BLOCK, LOOP -> depth++;
                case END -> depth--;
                default -> { }
            }
            if (depth < 0) {
                if (in.hasMore()) {
                    throw in.malformed("code continues after the function's final end");
                }
                return spans;
            }
        }
    }

    private static boolean endsRegion(Instructions.Kind kind) {
        return switch (kind) {
            case BLOCK, LOOP, ELSE, END, BRANCH -> true;
            default -> false;
        };
    }

    private static long regionCost(List<Span> code, int from) {
        long cost = 0;
        for (int i = from; i < code.size(); i++) {
            cost += FuelCosts.INSTRUCTION;
            if (endsRegion(code.get(i).kind())) {
                break;
            }
        }
        return cost;
    }

    /** {@code fuel -= cost} */
    private void charge(ByteArrayOutputStream out, long cost) {
        out.write(GLOBAL_GET);
        writeU32(out, fuelGlobal);
        out.write(I64_CONST);
        writeS64(out, cost);
        out.write(I64_SUB);
        out.write(GLOBAL_SET);
        writeU32(out, fuelGlobal);
    }

    /** {@code if (fuel < 0) unreachable}: the host tells exhaustion from other traps by the balance. */
    private void check(ByteArrayOutputStream out) {
        out.write(GLOBAL_GET);
        writeU32(out, fuelGlobal);
        out.write(I64_CONST);
        out.write(0);
        out.write(I64_LT_S);
        out.write(IF);
        out.write(EMPTY_BLOCK_TYPE);
        out.write(UNREACHABLE);
        out.write(END);
    }

    /**
     * With the size operand (i32) on top of the stack, charges {@code size << shift} or
     * {@code size >> shift} and checks, leaving the operand where it was.
     */
    private void chargeBySize(ByteArrayOutputStream out, int scratch, int shiftOp, int shift) {
        out.write(LOCAL_TEE);
        writeU32(out, scratch);
        out.write(LOCAL_GET);
        writeU32(out, scratch);
        out.write(I64_EXTEND_I32_U);
        out.write(I64_CONST);
        writeS64(out, shift);
        out.write(shiftOp);
        out.write(I64_CONST);
        writeS64(out, -1);
        out.write(I64_MUL);
        out.write(GLOBAL_GET);
        writeU32(out, fuelGlobal);
        out.write(I64_ADD);
        out.write(GLOBAL_SET);
        writeU32(out, fuelGlobal);
        check(out);
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
