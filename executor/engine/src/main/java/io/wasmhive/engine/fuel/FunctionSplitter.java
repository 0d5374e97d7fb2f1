package io.wasmhive.engine.fuel;

import io.wasmhive.engine.internal.BinaryReader;
import io.wasmhive.engine.internal.Sections;
import io.wasmhive.engine.internal.Sections.Section;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Moves code out of functions too large for Chicory to compile, into new functions of their own,
 * so the whole function compiles to JVM bytecode instead of running in Chicory's interpreter, which
 * is several times slower. A JavaScript engine's interpreter loop is such a function, and it runs
 * on every request.
 *
 * <p>What moves is a piece: a block that takes and yields nothing, or the tail of a block's
 * instructions from a point where its operand stack is empty (the code of one case of a
 * {@code switch} lies after the end of the block its dispatch jumps out of). The new function
 * takes the locals the piece uses as parameters and returns a code for how it was left, then the
 * locals it wrote, then the values its exits carry (a {@code return} is an exit to the function's
 * own label); in the piece's place the caller passes the locals, calls, stores them back and
 * branches by the code, putting carried values back on the stack on the way. A tail call, or a
 * {@code br_table} leaving with values, keeps a piece in place, and so does an interpreter's
 * dispatch ({@link #DISPATCH_LABELS}). The largest pieces move first, until the rest is small
 * enough, and in later passes the pieces are split in turn, small enough for HotSpot to
 * JIT-compile. A function that cannot be brought under Chicory's limit this way is left whole.
 *
 * <p>It runs on the metered module: a moved piece keeps its charges and checks, and the balance
 * is a local like any other, passed in and handed back. The call in the piece's place charges the
 * instructions it adds (more for more locals), so a piece that takes many locals and does little
 * costs what it runs. What it cannot read it leaves as it is. Its output is part of what
 * {@link FuelInstrumenter#VERSION} names: change that when this changes.
 */
public final class FunctionSplitter {

    /**
     * Bodies of more instructions are split, down to this many where the blocks allow. Small
     * enough that most become JVM methods HotSpot compiles: it leaves methods over 8,000 bytes of
     * bytecode to the JVM's interpreter, and a metered instruction makes about three. At 4,000 the
     * metered pieces of a JavaScript loop passed that limit where the unmetered ones did not, and
     * the meter cost 1.26× instead of 1.09×.
     */
    static final int LARGE = 2_000;
    /**
     * The largest piece that moves. Below {@code CoreCompiler}'s limit (28,500) with room to spare:
     * how much JVM bytecode an instruction makes varies, and memory accesses make more than the
     * meter's arithmetic. A piece over {@link #LARGE} is split in turn, in the next pass.
     */
    private static final int MAX_PIECE = 20_000;
    /** Passes over the module; each splits the pieces of the one before. */
    private static final int PASSES = 4;
    /** A split that cannot bring a body down to {@link #LARGE} still counts if it gets it this far. */
    private static final int ENOUGH = 24_000;
    /**
     * How many times its own length the scans of one body's candidates may add up to before
     * choosing stops with what it has: a hostile body could nest thousands of blocks.
     */
    private static final int SCAN_FACTOR = 64;
    /**
     * A {@code br_table} this wide is an interpreter's dispatch, run on every turn of its loop: it
     * stays, so a turn calls at most the piece its case moved to, not a chain of pieces holding
     * the dispatch. Moving it made a JavaScript loop twice as slow.
     */
    private static final int DISPATCH_LABELS = 64;
    /** The most labels outside it a piece may branch to. */
    private static final int MAX_EXITS = 4096;
    /** The most parameter slots (two for i64 and f64) a new function may take, well inside a JVM method's 255. */
    private static final int MAX_PARAM_SLOTS = 200;

    private static final int TYPE = 1;
    private static final int IMPORT = 2;
    private static final int FUNCTION = 3;
    private static final int CODE = 10;
    private static final int BLOCK = 0x02;
    private static final int IF = 0x04;
    private static final int END = 0x0b;
    private static final int BR = 0x0c;
    private static final int BR_IF = 0x0d;
    private static final int BR_TABLE = 0x0e;
    private static final int DROP = 0x1a;
    private static final int UNREACHABLE = 0x00;
    private static final int RETURN = 0x0f;
    private static final int CALL = 0x10;
    private static final int CALL_INDIRECT = 0x11;
    private static final int LOCAL_GET = 0x20;
    private static final int LOCAL_SET = 0x21;
    private static final int I32_CONST = 0x41;
    private static final int I64_CONST = 0x42;
    private static final int I64_SUB = 0x7d;
    private static final int VOID = 0x40;
    private static final int I32 = 0x7f;
    private static final int I64 = 0x7e;
    private static final int F64 = 0x7c;

    private FunctionSplitter() {}

    /**
     * The module with its too-large functions split, or as it is when none is.
     *
     * @param balanceLocals by defined function, the local holding its fuel balance, or -1
     *                      ({@link FuelInstrumenter.Metered#balanceLocals()}); null for a module
     *                      that is not metered
     */
    public static byte[] split(byte[] module, int[] balanceLocals) {
        return split(module, LARGE, MAX_PIECE, balanceLocals);
    }

    /**
     * Splits in passes: a piece over {@code large} is split again in the next, up to
     * {@value #PASSES} passes.
     *
     * @param large    bodies of more instructions are split; tests split small programs into many
     *                 pieces with a low one
     * @param maxPiece the most instructions a piece may have when it moves
     */
    public static byte[] split(byte[] module, int large, int maxPiece, int[] balanceLocals) {
        byte[] current = module;
        int[] balances = balanceLocals;
        try {
            for (int pass = 0; pass < PASSES; pass++) {
                var split = new ModuleSplit(current, large, maxPiece, balances);
                byte[] next = split.run();
                if (next == current) {
                    break;
                }
                current = next;
                balances = split.balanceLocalsAfter();
            }
            return current;
        } catch (RuntimeException unreadable) {
            return module; // malformed, for Chicory's validation to report; or a fault here, which costs only speed
        }
    }

    /** One decoded instruction: where it lies in the module, and a branch's labels. */
    private record Ins(int start, int end, int opcode, Instructions.Kind kind, List<Integer> labels) {}

    /** A function type: its parameter and result types, each encoded. */
    private record FuncType(List<byte[]> params, List<byte[]> results) {

        private static final FuncType VOID_BLOCK = new FuncType(List.of(), List.of());

        byte[] encode() {
            var out = new ByteArrayOutputStream();
            out.write(0x60);
            writeVector(out, params);
            writeVector(out, results);
            return out.toByteArray();
        }

        private static void writeVector(ByteArrayOutputStream out, List<byte[]> types) {
            FunctionBodyRewriter.writeU32(out, types.size());
            types.forEach(out::writeBytes);
        }
    }

    /**
     * A way out of a piece: a label outside it, counted from just outside it, and the values a
     * branch there carries. Its exit code is its place in the piece's exits plus one.
     */
    private record Exit(int outside, List<byte[]> carried) {}

    /**
     * A run of instructions to move: a void block, or the tail of a block's instructions from a
     * point where its operand stack is empty.
     *
     * @param first    index of its first instruction
     * @param last     index of its last
     * @param params   the locals it takes: those it uses that are live where it starts, ascending
     * @param own      the locals it uses that need no value from outside: its own, ascending
     * @param handedBack the locals it writes that are live where it leaves for, ascending
     * @param exits    the labels outside it that it branches to (a {@code return} is a branch to
     *                 the function's own), in the order they first appear
     * @param functionLabel the label outside it that is the function's own
     * @param fallsOut whether control can run off its end; not when it ends in a branch or trap
     */
    private record Piece(int first, int last, List<Integer> params, List<Integer> own, List<Integer> handedBack,
            List<Exit> exits, int functionLabel, boolean fallsOut) {

        int size() {
            return last - first + 1;
        }

        /** A local of the caller as a local of the piece's function (its parameters, then its own), or -1. */
        int localIndex(int local) {
            int param = Collections.binarySearch(params, local);
            int ownLocal = Collections.binarySearch(own, local);
            return param >= 0 ? param : ownLocal >= 0 ? params.size() + ownLocal : -1;
        }

        int exitCode(int outside) {
            for (int i = 0; i < exits.size(); i++) {
                if (exits.get(i).outside() == outside) {
                    return i + 1;
                }
            }
            throw new IllegalStateException("no exit to label " + outside);
        }

        /** The values all its exits carry, one after the other: its results after the written locals. */
        List<byte[]> carried() {
            return exits.stream().flatMap(exit -> exit.carried().stream()).toList();
        }

        /** Index of the first carried value of the exit with this code, among {@link #carried()}. */
        int firstCarried(int exitCode) {
            return exits.subList(0, exitCode - 1).stream().mapToInt(exit -> exit.carried().size()).sum();
        }
    }

    private static final class ModuleSplit {
        private final byte[] module;
        private final int large;
        private final int maxPiece;
        private final int[] balanceLocals;
        private final List<Integer> addedBalanceLocals = new ArrayList<>();
        private final List<FuncType> types = new ArrayList<>();
        private final Map<String, Integer> addedTypes = new LinkedHashMap<>();
        private final List<byte[]> addedBodies = new ArrayList<>();
        private final List<Integer> addedFunctionTypes = new ArrayList<>();
        private final List<Integer> functionTypes = new ArrayList<>(); // of every function, imported ones first
        private int functionCount;

        ModuleSplit(byte[] module, int large, int maxPiece, int[] balanceLocals) {
            this.module = module;
            this.large = large;
            this.maxPiece = maxPiece;
            this.balanceLocals = balanceLocals;
        }

        /** After {@link #run()}: the balance locals of the functions, the new ones included; null if not metered. */
        int[] balanceLocalsAfter() {
            if (balanceLocals == null) {
                return null;
            }
            var after = Arrays.copyOf(balanceLocals, balanceLocals.length + addedBalanceLocals.size());
            for (int i = 0; i < addedBalanceLocals.size(); i++) {
                after[balanceLocals.length + i] = addedBalanceLocals.get(i);
            }
            return after;
        }

        byte[] run() {
            List<Section> sections = Sections.of(module, "module");
            Section code = null;
            for (Section section : sections) {
                BinaryReader in = section.content(module, "module");
                switch (section.id()) {
                    case TYPE -> readTypes(in);
                    case IMPORT -> functionTypes.addAll(FuelInstrumenter.readImports(in, types.size()).functionTypes());
                    case FUNCTION -> {
                        int count = in.count();
                        for (int i = 0; i < count; i++) {
                            functionTypes.add(in.u32());
                        }
                    }
                    case CODE -> code = section;
                    default -> { }
                }
            }
            if (code == null) {
                return module;
            }
            functionCount = functionTypes.size();
            int imported = functionCount - code.content(module, "module").count();
            var bodies = new ArrayList<byte[]>();
            BinaryReader in = code.content(module, "module");
            int count = in.count();
            for (int i = 0; i < count; i++) {
                int size = in.u32();
                int start = in.position();
                in.skip(size);
                bodies.add(splitBody(start, size, types.get(functionTypes.get(imported + i)),
                        balanceLocals == null ? -1 : balanceLocals[i]));
            }
            if (addedBodies.isEmpty()) {
                return module;
            }
            return assemble(sections, functionTypes.subList(imported, functionCount), bodies);
        }

        private void readTypes(BinaryReader in) {
            int count = in.count();
            for (int i = 0; i < count; i++) {
                if (in.u8() != 0x60) {
                    throw in.unsupported("not a function type");
                }
                types.add(new FuncType(readValueTypes(in, in.count()), readValueTypes(in, in.count())));
            }
        }

        private List<byte[]> readValueTypes(BinaryReader in, int count) {
            var valueTypes = new ArrayList<byte[]>(count);
            for (int i = 0; i < count; i++) {
                int start = in.position();
                Instructions.skipValueType(in);
                valueTypes.add(Arrays.copyOfRange(module, start, in.position()));
            }
            return valueTypes;
        }

        /** The body, split if it is large and can be; its encoding without the size prefix. */
        private byte[] splitBody(int offset, int length, FuncType type, int balance) {
            if (length <= large) { // every instruction takes a byte at least: most bodies need no decoding
                return Arrays.copyOfRange(module, offset, offset + length);
            }
            var in = new BinaryReader(module, offset, offset + length, "module");
            var locals = new ArrayList<>(type.params());
            int groups = in.count();
            int groupsStart = in.position();
            for (int g = 0; g < groups; g++) {
                int n = in.u32();
                if (locals.size() + Integer.toUnsignedLong(n) > 50_000) {
                    return Arrays.copyOfRange(module, offset, offset + length);
                }
                byte[] valueType = readValueTypes(in, 1).getFirst();
                for (int i = 0; i < n; i++) {
                    locals.add(valueType);
                }
            }
            int codeStart = in.position();
            var code = new ArrayList<Ins>();
            while (in.hasMore()) {
                int start = in.position();
                var labels = new ArrayList<Integer>(0);
                var kind = Instructions.decode(in, labels);
                code.add(new Ins(start, in.position(), module[start] & 0xff, kind, labels));
            }
            if (code.size() <= large) {
                return Arrays.copyOfRange(module, offset, offset + length);
            }
            List<Piece> pieces = choose(code, locals, type);
            if (pieces.isEmpty()) {
                return Arrays.copyOfRange(module, offset, offset + length);
            }
            // the values a piece's exits carry land in new locals of the caller, on their way to the label
            var added = pieces.stream().flatMap(piece -> piece.carried().stream()).toList();
            var out = new ByteArrayOutputStream(length);
            FunctionBodyRewriter.writeU32(out, groups + added.size());
            out.write(module, groupsStart, codeStart - groupsStart);
            for (byte[] valueType : added) {
                FunctionBodyRewriter.writeU32(out, 1);
                out.writeBytes(valueType);
            }
            int next = 0;
            int carryLocal = locals.size();
            for (Piece piece : pieces) {
                out.write(module, code.get(next).start(), code.get(piece.first()).start() - code.get(next).start());
                callPiece(out, piece, addPiece(code, piece, locals, balance), balance, carryLocal);
                carryLocal += piece.carried().size();
                next = piece.last() + 1;
            }
            out.write(module, code.get(next).start(), offset + length - code.get(next).start());
            return out.toByteArray();
        }

        /**
         * The pieces to move, in order, or none when moving them all would still leave it over
         * {@link #ENOUGH}. The largest candidates are tried first, and one inside a piece already
         * chosen is not even scanned: that is left to the next pass.
         */
        private List<Piece> choose(List<Ins> code, List<byte[]> locals, FuncType type) {
            var body = new Body(code, type, locals.size());
            int[] heights = body.heights;
            var candidates = new ArrayList<Candidate>();
            var emptyStack = new ArrayList<List<Integer>>(); // by open label: where its operand stack is empty
            emptyStack.add(new ArrayList<>());
            for (int i = 0; i < code.size(); i++) {
                Ins ins = code.get(i);
                if (ins.kind() == Instructions.Kind.END || ins.kind() == Instructions.Kind.ELSE) {
                    if (heights != null && heights[i] <= 0) { // tails from where the stack is empty to here
                        for (int first : emptyStack.getLast()) {
                            if (i - first >= 64 && fits(i - first, code.size())) {
                                candidates.add(new Candidate(first, i - 1, body.frame[i], heights[i] == 0));
                            }
                        }
                    }
                    emptyStack.getLast().clear();
                } else if (heights != null && heights[i] == 0) {
                    emptyStack.getLast().add(i);
                }
                if (ins.opcode() == BLOCK && module[ins.start() + 1] == VOID) {
                    int size = body.match[i] - i + 1;
                    if (size >= 64 && fits(size, code.size())) {
                        candidates.add(new Candidate(i, body.match[i], body.frame[i], true));
                    }
                }
                switch (ins.kind()) {
                    case BLOCK, LOOP, IF -> emptyStack.add(new ArrayList<>());
                    case END -> emptyStack.removeLast();
                    default -> { }
                }
            }
            candidates.sort(Comparator.comparingInt(Candidate::size).reversed());
            var chosen = new TreeSet<Piece>(Comparator.comparingInt(Piece::first));
            int left = code.size();
            long[] scanLeft = {SCAN_FACTOR * (long) code.size()};
            for (Candidate candidate : candidates) {
                if (left <= large || scanLeft[0] < 0) {
                    break;
                }
                var probe = new Piece(candidate.first(), 0, null, null, null, null, 0, false);
                Piece before = chosen.floor(probe);
                Piece after = chosen.ceiling(probe);
                if ((before == null || before.last() < candidate.first()) && (after == null || after.first() > candidate.last())) {
                    Piece piece = movable(body, candidate, locals, scanLeft);
                    if (piece != null) {
                        chosen.add(piece);
                        left -= piece.size() - callSize(piece);
                    }
                }
            }
            return left <= Math.max(large, ENOUGH) ? List.copyOf(chosen) : List.of();
        }

        /**
         * Instructions that may move, not yet scanned: a void block, or a tail.
         *
         * @param frame    the block, loop or if they lie in (its opening instruction), -1 for the function's body
         * @param fallsOut whether control can run off their end
         */
        private record Candidate(int first, int last, int frame, boolean fallsOut) {

            int size() {
                return last - first + 1;
            }
        }

        /** A body's instructions with its blocks matched, and the labels they open. */
        private final class Body {
            final List<Ins> code;
            final FuncType type;
            /** By block, loop, if or end: the instruction at its other end. */
            final int[] match;
            /** By instruction: the block, loop or if it lies in, -1 for the function's body. */
            final int[] frame;
            /** By block, loop or if: the types of the label it opens. */
            final List<List<byte[]>> labelTypes;
            /** By block, loop or if: the labels around its instructions, its own and the function's included. */
            final int[] depth;
            /** By instruction, the operand stack's height before it, -1 where unreachable; null if unknown. */
            final int[] heights;
            /** Which locals are live where; null for a body too large to analyse. */
            final LocalLiveness liveness;

            Body(List<Ins> code, FuncType type, int locals) {
                this.code = code;
                this.type = type;
                match = new int[code.size()];
                frame = new int[code.size()];
                depth = new int[code.size()];
                labelTypes = new ArrayList<>(Collections.nCopies(code.size(), null));
                var open = new ArrayList<Integer>();
                for (int i = 0; i < code.size(); i++) {
                    frame[i] = open.isEmpty() ? -1 : open.getLast();
                    switch (code.get(i).kind()) {
                        case BLOCK, LOOP, IF -> {
                            open.add(i);
                            FuncType blockType = blockType(code.get(i));
                            labelTypes.set(i, code.get(i).kind() == Instructions.Kind.LOOP ? blockType.params() : blockType.results());
                            depth[i] = open.size() + 1;
                        }
                        case END -> {
                            if (!open.isEmpty()) {
                                int opening = open.removeLast();
                                match[opening] = i;
                                match[i] = opening;
                            }
                        }
                        default -> { }
                    }
                }
                heights = heights(code, type);
                liveness = LocalLiveness.of(flow(), locals);
            }

            /**
             * The instruction a branch {@code outside} labels out from the instructions of a frame
             * leads to: a loop's start, or the end of a block or if; -1 for out of the function.
             */
            int target(int frame, int outside) {
                int f = frame;
                for (int o = outside; o > 0 && f >= 0; o--) {
                    f = this.frame[f];
                }
                return f < 0 ? -1 : code.get(f).kind() == Instructions.Kind.LOOP ? f : match[f];
            }

            /**
             * Where control may go from each instruction, and which local each reads or writes. A
             * branch's targets come from the blocks open at it, so deep labels cost no walk.
             */
            private LocalLiveness.Flow flow() {
                int[][] successors = new int[code.size()][];
                int[] local = new int[code.size()];
                boolean[] writes = new boolean[code.size()];
                int[] targets = new int[code.size()]; // by open block, outermost first: where a branch to it leads
                int open = 0;
                int[] elseOf = new int[code.size()];
                Arrays.fill(elseOf, -1);
                for (int i = 0; i < code.size(); i++) {
                    if (code.get(i).kind() == Instructions.Kind.ELSE && frame[i] >= 0) {
                        elseOf[frame[i]] = i;
                    }
                }
                int[] none = {};
                for (int i = 0; i < code.size(); i++) {
                    Ins ins = code.get(i);
                    local[i] = -1;
                    int depth = open;
                    successors[i] = switch (ins.kind()) {
                        case BRANCH -> {
                            // a label past the open blocks is the function's own: out, where nothing is read
                            int[] to = ins.labels().stream().filter(label -> label < depth)
                                    .mapToInt(label -> targets[depth - 1 - label]).toArray();
                            if (ins.opcode() == BR_IF) {
                                to = Arrays.copyOf(to, to.length + 1);
                                to[to.length - 1] = i + 1;
                            }
                            yield to;
                        }
                        case EXIT, TRAP -> none;
                        case BLOCK, LOOP -> {
                            targets[open++] = ins.kind() == Instructions.Kind.LOOP ? i : match[i];
                            yield new int[] {i + 1};
                        }
                        case IF -> {
                            targets[open++] = match[i];
                            yield new int[] {i + 1, elseOf[i] >= 0 ? elseOf[i] + 1 : match[i]};
                        }
                        case ELSE -> new int[] {match[frame[i]]};
                        case END -> {
                            if (frame[i] < 0) {
                                yield none;
                            }
                            open--;
                            yield new int[] {i + 1};
                        }
                        case LOCAL -> {
                            local[i] = new BinaryReader(module, ins.start() + 1, ins.end(), "module").u32();
                            writes[i] = ins.opcode() != LOCAL_GET;
                            yield new int[] {i + 1};
                        }
                        default -> new int[] {i + 1};
                    };
                }
                return new LocalLiveness.Flow(successors, local, writes);
            }

            /** The labels around the instructions of a frame, the function's included. */
            int depth(int frame) {
                return frame < 0 ? 1 : depth[frame];
            }

            /** The types of the label {@code outside} labels out from the instructions of a frame, or null if there is none. */
            List<byte[]> labelOutside(int frame, int outside) {
                for (int f = frame, o = outside; ; f = this.frame[f], o--) {
                    if (f < 0) {
                        return o == 0 ? type.results() : null;
                    }
                    if (o == 0) {
                        return labelTypes.get(f);
                    }
                }
            }
        }

        /** Whether a piece of this size may move out of a body this long: one over {@code large} is split in turn, so it must leave a quarter behind. */
        private boolean fits(int size, int bodySize) {
            return size <= maxPiece && (size <= large || size <= bodySize * 3 / 4);
        }

        /**
         * The candidate as a piece, or null if it cannot move: a tail call, too many exits or
         * locals, or a {@code br_table} leaving with values. Counts what it scans off {@code scanLeft[0]}.
         */
        private Piece movable(Body body, Candidate candidate, List<byte[]> locals, long[] scanLeft) {
            var used = new TreeSet<Integer>();
            var written = new TreeSet<Integer>();
            var exits = new LinkedHashMap<Integer, List<byte[]>>();
            var inner = new ArrayList<List<byte[]>>(); // types of the labels opened inside, innermost last
            int functionLabel = body.depth(candidate.frame()) - 1;
            for (int i = candidate.first(); i <= candidate.last(); i++) {
                Ins ins = body.code.get(i);
                scanLeft[0] -= 1 + ins.labels().size();
                switch (ins.kind()) {
                    case EXIT -> {
                        if (ins.opcode() != RETURN) {
                            return null;
                        }
                        exits.putIfAbsent(functionLabel, body.type.results());
                    }
                    case LOCAL -> {
                        int local = new BinaryReader(module, ins.start() + 1, ins.end(), "module").u32();
                        if (local < 0 || local >= locals.size()) {
                            return null;
                        }
                        used.add(local);
                        if (ins.opcode() != LOCAL_GET) {
                            written.add(local);
                        }
                    }
                    case BRANCH -> {
                        if (ins.labels().size() >= DISPATCH_LABELS) {
                            return null;
                        }
                        for (int label : ins.labels()) {
                            int outside = label - inner.size();
                            if (outside >= 0 && !exits.containsKey(outside)) {
                                scanLeft[0] -= outside; // the walk out to the label
                                var carried = outside > functionLabel ? null : body.labelOutside(candidate.frame(), outside);
                                if (carried == null || ins.opcode() == BR_TABLE && !carried.isEmpty()) {
                                    return null;
                                }
                                exits.put(outside, carried);
                            } else if (outside >= 0 && ins.opcode() == BR_TABLE && !exits.get(outside).isEmpty()) {
                                return null;
                            }
                        }
                    }
                    case BLOCK, LOOP, IF -> inner.add(body.labelTypes.get(i));
                    case END -> inner.removeLast();
                    default -> { }
                }
                if (exits.size() > MAX_EXITS || scanLeft[0] < 0) {
                    return null;
                }
            }
            var params = new ArrayList<>(used);
            var handedBack = new ArrayList<>(written);
            if (body.liveness != null) {
                BitSet liveIn = body.liveness.liveAt(candidate.first());
                var liveOut = candidate.fallsOut() ? body.liveness.liveAt(candidate.last() + 1) : new BitSet();
                for (int outside : exits.keySet()) {
                    int target = body.target(candidate.frame(), outside);
                    if (target >= 0) {
                        liveOut.or(body.liveness.liveAt(target));
                    }
                }
                params.removeIf(local -> !liveIn.get(local));
                handedBack.removeIf(local -> !liveOut.get(local));
            }
            int slots = params.stream().mapToInt(local -> slots(locals.get(local))).sum();
            if (slots > MAX_PARAM_SLOTS) {
                return null;
            }
            used.removeAll(params);
            var exitList = exits.entrySet().stream().map(exit -> new Exit(exit.getKey(), exit.getValue())).toList();
            return new Piece(candidate.first(), candidate.last(), List.copyOf(params), List.copyOf(used),
                    List.copyOf(handedBack), exitList, functionLabel, candidate.fallsOut());
        }

        /** A block, loop or if's type: the values it takes and yields. */
        private FuncType blockType(Ins ins) {
            var in = new BinaryReader(module, ins.start() + 1, ins.end(), "module");
            long blockType = in.s33();
            if (blockType >= 0) {
                return types.get((int) blockType);
            }
            return blockType == -0x40 ? FuncType.VOID_BLOCK
                    : new FuncType(List.of(), List.of(Arrays.copyOfRange(module, ins.start() + 1, ins.end())));
        }

        /**
         * By instruction, the height of the operand stack before it, counted from where its block
         * began, or -1 where it cannot be reached; null where a count does not add up (an invalid
         * body, which Chicory's validation refuses).
         */
        private int[] heights(List<Ins> code, FuncType type) {
            int[] heights = new int[code.size()];
            var outer = new ArrayList<int[]>(); // by open block: {height outside before it, reachable, params, results}
            int height = 0;
            boolean reachable = true;
            for (int i = 0; i < code.size(); i++) {
                Ins ins = code.get(i);
                heights[i] = reachable ? height : -1;
                int pops;
                int pushes;
                switch (ins.kind()) {
                    case BLOCK, LOOP, IF -> {
                        FuncType blockType = blockType(ins);
                        height -= blockType.params().size() + (ins.kind() == Instructions.Kind.IF ? 1 : 0);
                        if (height < 0 && reachable) {
                            return null;
                        }
                        outer.add(new int[] {Math.max(height, 0), reachable ? 1 : 0, blockType.params().size(),
                                blockType.results().size()});
                        height = blockType.params().size();
                        reachable = true;
                        continue;
                    }
                    case ELSE -> {
                        height = outer.getLast()[2];
                        reachable = true;
                        continue;
                    }
                    case END -> {
                        if (outer.isEmpty()) {
                            continue;
                        }
                        int[] block = outer.removeLast();
                        height = block[0] + block[3];
                        reachable = block[1] == 1;
                        continue;
                    }
                    case BRANCH, EXIT, TRAP -> {
                        if (ins.opcode() == BR_IF) {
                            pops = 1;
                            pushes = 0;
                        } else {
                            height = 0;
                            reachable = false;
                            continue;
                        }
                    }
                    case CALL -> {
                        var reader = new BinaryReader(module, ins.start() + 1, ins.end(), "module");
                        boolean indirect = ins.opcode() == CALL_INDIRECT;
                        FuncType callee = indirect ? types.get(reader.u32()) : types.get(functionTypes.get(reader.u32()));
                        pops = callee.params().size() + (indirect ? 1 : 0);
                        pushes = callee.results().size();
                    }
                    default -> {
                        int effect = stackEffect(ins);
                        pops = effect >> 4;
                        pushes = effect & 0xf;
                    }
                }
                height -= pops;
                if (height < 0) {
                    if (reachable) {
                        return null;
                    }
                    height = 0;
                }
                height += pushes;
            }
            return heights;
        }

        /** What a plain instruction takes from the stack and puts on it: {@code pops << 4 | pushes}. */
        private int stackEffect(Ins ins) {
            int op = ins.opcode();
            if (op == 0xfc) {
                return switch (new BinaryReader(module, ins.start() + 1, ins.end(), "module").u32()) {
                    case 0, 1, 2, 3, 4, 5, 6, 7 -> 0x11; // saturating truncation
                    case 9, 13 -> 0x00; // data.drop, elem.drop
                    case 15 -> 0x21; // table.grow
                    case 16 -> 0x01; // table.size
                    default -> 0x30; // memory.init/copy/fill, table.init/copy/fill
                };
            }
            if (op == 0x1a || op == 0x21 || op == 0x24) { // drop, local.set, global.set
                return 0x10;
            }
            if (op == 0x1b || op == 0x1c) { // select
                return 0x31;
            }
            if (op == 0x26 || op >= 0x36 && op <= 0x3e) { // table.set, stores
                return 0x20;
            }
            if (op == 0x20 || op == 0x23 || op == 0x3f || op >= 0x41 && op <= 0x44 || op == 0xd0 || op == 0xd2) {
                return 0x01; // local.get, global.get, memory.size, constants, ref.null, ref.func
            }
            if (op >= 0x46 && op <= 0x4f || op >= 0x51 && op <= 0x66 || op >= 0x6a && op <= 0x78
                    || op >= 0x7c && op <= 0x8a || op >= 0x92 && op <= 0x98 || op >= 0xa0 && op <= 0xa6) {
                return 0x21; // comparisons and binary arithmetic
            }
            if (op == 0x01) { // nop
                return 0x00;
            }
            return 0x11; // local.tee, table.get, loads, memory.grow, tests, unary arithmetic, conversions, ref.is_null
        }

        /** Instructions the call left in a piece's place takes. */
        private static int callSize(Piece piece) {
            return 4 + piece.params().size() + piece.handedBack().size() + 2 * piece.carried().size();
        }

        /** Instructions a call of a piece runs besides the piece's own: in its place, and around it in the new function. */
        private static int callCost(Piece piece) {
            return callSize(piece) + 4 + piece.handedBack().size() + piece.carried().size();
        }

        /** Adds the function a piece becomes; returns its index. */
        private int addPiece(List<Ins> code, Piece piece, List<byte[]> locals, int balance) {
            var params = piece.params().stream().map(locals::get).toList();
            var results = new ArrayList<byte[]>();
            results.add(new byte[] {I32});
            piece.handedBack().forEach(local -> results.add(locals.get(local)));
            results.addAll(piece.carried());
            var type = new FuncType(params, results);
            int typeIndex = addedTypes.computeIfAbsent(new String(type.encode(), StandardCharsets.ISO_8859_1),
                    key -> types.size() + addedTypes.size());

            var out = new ByteArrayOutputStream(code.get(piece.last()).end() - code.get(piece.first()).start() + 64);
            // locals: its own, a br_table's operand, a br_if's condition, then the values its exits carry
            FunctionBodyRewriter.writeU32(out, piece.own().size() + 2 + piece.carried().size());
            for (int local : piece.own()) {
                FunctionBodyRewriter.writeU32(out, 1);
                out.writeBytes(locals.get(local));
            }
            write(out, 1, I32, 1, I32);
            for (byte[] valueType : piece.carried()) {
                FunctionBodyRewriter.writeU32(out, 1);
                out.writeBytes(valueType);
            }
            int scratchStart = params.size() + piece.own().size();
            var scratch = new PieceLocals(scratchStart, scratchStart + 1, scratchStart + 2);
            out.write(BLOCK); // the way out: its result is the exit code
            out.write(I32);
            int depth = 0; // labels opened inside the piece
            for (int i = piece.first(); i <= piece.last(); i++) {
                Ins ins = code.get(i);
                switch (ins.kind()) {
                    case LOCAL -> {
                        int local = new BinaryReader(module, ins.start() + 1, ins.end(), "module").u32();
                        out.write(ins.opcode());
                        FunctionBodyRewriter.writeU32(out, piece.localIndex(local));
                    }
                    case BRANCH -> branch(out, ins, depth, piece, scratch);
                    case EXIT -> leave(out, piece, piece.exitCode(piece.functionLabel()), depth, scratch);
                    default -> out.write(module, ins.start(), ins.end() - ins.start());
                }
                switch (ins.kind()) {
                    case BLOCK, LOOP, IF -> depth++;
                    case END -> depth--;
                    default -> { }
                }
            }
            if (!piece.fallsOut()) {
                out.write(UNREACHABLE); // drops what its unreachable end leaves on the stack, for validation
            }
            write(out, I32_CONST, 0, END); // fell out of it
            for (int local : piece.handedBack()) {
                write(out, LOCAL_GET);
                FunctionBodyRewriter.writeU32(out, piece.localIndex(local));
            }
            for (int i = 0; i < piece.carried().size(); i++) {
                write(out, LOCAL_GET);
                FunctionBodyRewriter.writeU32(out, scratch.carried() + i);
            }
            out.write(END);
            addedBodies.add(out.toByteArray());
            addedBalanceLocals.add(balance < 0 ? -1 : piece.localIndex(balance));
            addedFunctionTypes.add(typeIndex);
            return functionCount + addedBodies.size() - 1;
        }

        /** A piece's own locals, after its parameters: for a br_table's operand, a br_if's condition, and the first carried value. */
        private record PieceLocals(int operand, int condition, int carried) {}

        /**
         * A branch inside a piece, {@code depth} labels inside it: as it is if it stays inside,
         * else it leaves the piece's function with its exit code.
         */
        private void branch(ByteArrayOutputStream out, Ins ins, int depth, Piece piece, PieceLocals scratch) {
            if (ins.labels().stream().allMatch(label -> label < depth)) {
                out.write(module, ins.start(), ins.end() - ins.start());
                return;
            }
            switch (ins.opcode()) {
                case BR -> leave(out, piece, piece.exitCode(ins.labels().getFirst() - depth), depth, scratch);
                case BR_IF -> {
                    int exitCode = piece.exitCode(ins.labels().getFirst() - depth);
                    int carried = piece.exits().get(exitCode - 1).carried().size();
                    if (carried == 0) {
                        write(out, IF, VOID);
                        leave(out, piece, exitCode, depth + 1, scratch);
                        out.write(END);
                        return;
                    }
                    // the values stay on the stack when it is not taken: keep a copy for when it is
                    write(out, LOCAL_SET);
                    FunctionBodyRewriter.writeU32(out, scratch.condition());
                    int firstLocal = scratch.carried() + piece.firstCarried(exitCode);
                    for (int i = carried - 1; i >= 0; i--) {
                        write(out, LOCAL_SET);
                        FunctionBodyRewriter.writeU32(out, firstLocal + i);
                    }
                    for (int i = 0; i < carried; i++) {
                        write(out, LOCAL_GET);
                        FunctionBodyRewriter.writeU32(out, firstLocal + i);
                    }
                    write(out, LOCAL_GET);
                    FunctionBodyRewriter.writeU32(out, scratch.condition());
                    write(out, IF, VOID, I32_CONST);
                    FunctionBodyRewriter.writeS64(out, exitCode);
                    write(out, BR);
                    FunctionBodyRewriter.writeU32(out, depth + 1);
                    out.write(END);
                }
                case BR_TABLE -> {
                    // a block per distinct exit, so the table lands after that block's end, which leaves with its code
                    var slots = new LinkedHashMap<Integer, Integer>(); // each exit taken here: its block, innermost first
                    for (int label : ins.labels()) {
                        if (label >= depth) {
                            slots.putIfAbsent(label - depth, slots.size());
                        }
                    }
                    int blocks = slots.size();
                    out.write(LOCAL_SET);
                    FunctionBodyRewriter.writeU32(out, scratch.operand());
                    for (int b = 0; b < blocks; b++) {
                        write(out, BLOCK, VOID);
                    }
                    out.write(LOCAL_GET);
                    FunctionBodyRewriter.writeU32(out, scratch.operand());
                    out.write(BR_TABLE);
                    FunctionBodyRewriter.writeU32(out, ins.labels().size() - 1);
                    for (int label : ins.labels()) {
                        FunctionBodyRewriter.writeU32(out, label < depth ? label + blocks : slots.get(label - depth));
                    }
                    for (var slot : slots.entrySet()) {
                        out.write(END);
                        leave(out, piece, piece.exitCode(slot.getKey()), depth + blocks - 1 - slot.getValue(), scratch);
                    }
                }
                default -> throw new IllegalStateException("not a branch: " + ins.opcode());
            }
        }

        /**
         * Leaves the piece's function by the exit with this code, from {@code depth} labels
         * inside it: the values the exit carries go to their locals, the code to the way out.
         */
        private static void leave(ByteArrayOutputStream out, Piece piece, int exitCode, int depth, PieceLocals scratch) {
            int firstLocal = scratch.carried() + piece.firstCarried(exitCode);
            for (int i = piece.exits().get(exitCode - 1).carried().size() - 1; i >= 0; i--) {
                write(out, LOCAL_SET);
                FunctionBodyRewriter.writeU32(out, firstLocal + i);
            }
            out.write(I32_CONST);
            FunctionBodyRewriter.writeS64(out, exitCode);
            out.write(BR);
            FunctionBodyRewriter.writeU32(out, depth);
        }

        /**
         * In the piece's place: charge the call to {@code balance} (unless -1), pass the locals,
         * call, store what it wrote and the values its exits carry (in the caller's locals from
         * {@code carryLocal} on), and branch by its exit code, by way of a block that puts the
         * values back where an exit carries any.
         */
        private static void callPiece(ByteArrayOutputStream out, Piece piece, int function, int balance, int carryLocal) {
            if (balance >= 0) {
                out.write(LOCAL_GET);
                FunctionBodyRewriter.writeU32(out, balance);
                out.write(I64_CONST);
                FunctionBodyRewriter.writeS64(out, callCost(piece));
                out.write(I64_SUB);
                out.write(LOCAL_SET);
                FunctionBodyRewriter.writeU32(out, balance);
            }
            var carrying = piece.exits().stream().filter(exit -> !exit.carried().isEmpty()).toList(); // innermost block first
            write(out, BLOCK, VOID);
            for (int b = 0; b < carrying.size(); b++) {
                write(out, BLOCK, VOID);
            }
            for (int local : piece.params()) {
                out.write(LOCAL_GET);
                FunctionBodyRewriter.writeU32(out, local);
            }
            out.write(CALL);
            FunctionBodyRewriter.writeU32(out, function);
            for (int i = piece.carried().size() - 1; i >= 0; i--) {
                out.write(LOCAL_SET);
                FunctionBodyRewriter.writeU32(out, carryLocal + i);
            }
            for (int local : piece.handedBack().reversed()) {
                out.write(LOCAL_SET);
                FunctionBodyRewriter.writeU32(out, local);
            }
            if (piece.exits().isEmpty()) {
                out.write(DROP);
            } else {
                int blocks = carrying.size();
                out.write(BR_TABLE);
                FunctionBodyRewriter.writeU32(out, piece.exits().size() + 1);
                FunctionBodyRewriter.writeU32(out, blocks);
                for (Exit exit : piece.exits()) {
                    FunctionBodyRewriter.writeU32(out, exit.carried().isEmpty() ? exit.outside() + blocks + 1 : carrying.indexOf(exit));
                }
                FunctionBodyRewriter.writeU32(out, blocks);
            }
            for (int b = 0; b < carrying.size(); b++) {
                out.write(END);
                Exit exit = carrying.get(b);
                int first = carryLocal + piece.firstCarried(piece.exits().indexOf(exit) + 1);
                for (int i = 0; i < exit.carried().size(); i++) {
                    out.write(LOCAL_GET);
                    FunctionBodyRewriter.writeU32(out, first + i);
                }
                out.write(BR);
                FunctionBodyRewriter.writeU32(out, exit.outside() + carrying.size() - 1 - b + 1);
            }
            out.write(END);
            if (!piece.fallsOut()) {
                out.write(UNREACHABLE); // where the instructions it replaces could not end, nor can this
            }
        }

        private static void write(ByteArrayOutputStream out, int... bytes) {
            for (int b : bytes) {
                out.write(b);
            }
        }

        private static int slots(byte[] valueType) {
            return valueType.length == 1 && (valueType[0] == I64 || valueType[0] == F64) ? 2 : 1;
        }

        private byte[] assemble(List<Section> sections, List<Integer> definedTypes, List<byte[]> bodies) {
            var out = new ByteArrayOutputStream(module.length + addedBodies.stream().mapToInt(b -> b.length).sum());
            out.write(module, 0, 8);
            for (Section section : sections) {
                switch (section.id()) {
                    case TYPE -> {
                        var content = new ByteArrayOutputStream();
                        FunctionBodyRewriter.writeU32(content, types.size() + addedTypes.size());
                        BinaryReader in = section.content(module, "module");
                        in.u32();
                        content.write(module, in.position(), section.end() - in.position());
                        addedTypes.keySet().forEach(t -> content.writeBytes(t.getBytes(StandardCharsets.ISO_8859_1)));
                        FuelInstrumenter.writeSection(out, TYPE, content.toByteArray());
                    }
                    case FUNCTION -> {
                        var content = new ByteArrayOutputStream();
                        FunctionBodyRewriter.writeU32(content, definedTypes.size() + addedFunctionTypes.size());
                        definedTypes.forEach(t -> FunctionBodyRewriter.writeU32(content, t));
                        addedFunctionTypes.forEach(t -> FunctionBodyRewriter.writeU32(content, t));
                        FuelInstrumenter.writeSection(out, FUNCTION, content.toByteArray());
                    }
                    case CODE -> {
                        var content = new ByteArrayOutputStream();
                        FunctionBodyRewriter.writeU32(content, bodies.size() + addedBodies.size());
                        for (byte[] body : bodies) {
                            FunctionBodyRewriter.writeU32(content, body.length);
                            content.writeBytes(body);
                        }
                        for (byte[] body : addedBodies) {
                            FunctionBodyRewriter.writeU32(content, body.length);
                            content.writeBytes(body);
                        }
                        FuelInstrumenter.writeSection(out, CODE, content.toByteArray());
                    }
                    default -> out.write(module, section.start(), section.end() - section.start());
                }
            }
            return out.toByteArray();
        }
    }
}
