package io.wasmhive.engine.fuel;

import io.wasmhive.engine.internal.BinaryReader;
import io.wasmhive.engine.internal.Sections;
import io.wasmhive.engine.internal.Sections.Section;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Moves blocks out of functions too large for Chicory to compile, into new functions of their own,
 * so the whole function compiles to JVM bytecode instead of running in Chicory's interpreter, which
 * is several times slower. A JavaScript engine's interpreter loop is such a function, and it runs
 * on every request.
 *
 * <p>A block moves when it takes and yields nothing, holds no {@code return} or tail call, and
 * every branch out of it goes to a label that carries no values. The new function takes the
 * locals the block uses as parameters and returns a code for how it was left, then the locals it
 * wrote; in the block's place the caller passes the locals, calls, stores them back and branches
 * by the code. The largest such blocks move first, until the rest is small enough, and in later
 * passes the pieces are split in turn, small enough for HotSpot to JIT-compile. A function that
 * cannot be brought under Chicory's limit this way is left whole.
 *
 * <p>It runs on the metered module: a moved block keeps its charges and checks, and the balance
 * is a local like any other, passed in and handed back. The call in the block's place charges the
 * instructions it adds (more for more locals), so a piece that takes many locals and does little
 * costs what it runs. What it cannot read it leaves as it is. Its output is part of what
 * {@link FuelInstrumenter#VERSION} names: change that when this changes.
 */
public final class FunctionSplitter {

    /**
     * Bodies of more instructions are split, down to this many where the blocks allow. Small
     * enough that most become JVM methods HotSpot compiles (it leaves methods over 8,000 bytes of
     * bytecode to the JVM's interpreter).
     */
    static final int LARGE = 4_000;
    /**
     * The largest block that moves. Below {@code CoreCompiler}'s limit (28,500) with room to spare:
     * how much JVM bytecode an instruction makes varies, and memory accesses make more than the
     * meter's arithmetic. A piece over {@link #LARGE} is split in turn, in the next pass.
     */
    private static final int MAX_PIECE = 20_000;
    /** Passes over the module; each splits the pieces of the one before. */
    private static final int PASSES = 4;
    /** A split that cannot bring a body down to {@link #LARGE} still counts if it gets it this far. */
    private static final int ENOUGH = 24_000;
    /**
     * How many times its own length the blocks of one body may add up to, nested in each other,
     * before it is left whole: each is scanned once, and a hostile body could nest thousands.
     */
    private static final int SCAN_FACTOR = 64;
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
    private static final int CALL = 0x10;
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
     * A block to move.
     *
     * @param first  index of its {@code block}
     * @param last   index of its {@code end}
     * @param used   the locals it uses, ascending
     * @param written the locals it writes, ascending
     * @param exits  the labels outside it that it branches to, counted from just outside it, each
     *               with its exit code (1, 2, ... in the order of the map); empty until chosen
     */
    private record Piece(int first, int last, List<Integer> used, List<Integer> written, Map<Integer, Integer> exits) {

        int size() {
            return last - first + 1;
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
            var functionTypes = new ArrayList<Integer>();
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
            var out = new ByteArrayOutputStream(length);
            out.write(module, offset, codeStart - offset); // the local declarations stay
            int next = 0;
            for (Piece piece : pieces) {
                out.write(module, code.get(next).start(), code.get(piece.first()).start() - code.get(next).start());
                callPiece(out, piece, addPiece(code, piece, locals, balance), balance);
                next = piece.last() + 1;
            }
            out.write(module, code.get(next).start(), offset + length - code.get(next).start());
            return out.toByteArray();
        }

        /** The blocks to move, in order, or none when moving them all would still leave it over {@link #ENOUGH}. */
        private List<Piece> choose(List<Ins> code, List<byte[]> locals, FuncType type) {
            int[] match = new int[code.size()];
            int[] arity = new int[code.size()]; // of the label a block, loop or if opens
            var open = new ArrayList<Integer>();
            for (int i = 0; i < code.size(); i++) {
                switch (code.get(i).kind()) {
                    case BLOCK, LOOP, IF -> {
                        open.add(i);
                        arity[i] = labelArity(code.get(i));
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
            var candidates = new ArrayList<Piece>();
            long[] scanned = new long[code.size() + 1]; // instructions and labels before each instruction
            for (int i = 0; i < code.size(); i++) {
                scanned[i + 1] = scanned[i] + 1 + code.get(i).labels().size();
            }
            long scanLeft = SCAN_FACTOR * scanned[code.size()];
            var enclosing = new ArrayList<Integer>(); // arities of the labels around, innermost last
            enclosing.add(type.results().size());
            for (int i = 0; i < code.size(); i++) {
                Ins ins = code.get(i);
                if (ins.opcode() == BLOCK && module[ins.start() + 1] == VOID) {
                    int size = match[i] - i + 1;
                    // a piece over large is split in turn, so it must leave a quarter of the body behind
                    if (size >= 64 && size <= maxPiece && (size <= large || size <= code.size() * 3 / 4)) {
                        scanLeft -= scanned[match[i] + 1] - scanned[i];
                        if (scanLeft < 0) {
                            return List.of();
                        }
                        var piece = movable(code, i, match[i], arity, enclosing, locals);
                        if (piece != null) {
                            candidates.add(piece);
                        }
                    }
                }
                switch (ins.kind()) {
                    case BLOCK, LOOP, IF -> enclosing.add(arity[i]);
                    case END -> enclosing.removeLast();
                    default -> { }
                }
            }
            candidates.sort(Comparator.comparingInt(Piece::size).reversed());
            var chosen = new TreeSet<Piece>(Comparator.comparingInt(Piece::first));
            int left = code.size();
            for (Piece candidate : candidates) {
                if (left <= large) {
                    break;
                }
                Piece before = chosen.floor(candidate);
                Piece after = chosen.ceiling(candidate);
                if ((before == null || before.last() < candidate.first()) && (after == null || after.first() > candidate.last())) {
                    chosen.add(candidate);
                    left -= candidate.size() - callSize(candidate);
                }
            }
            return left <= Math.max(large, ENOUGH) ? chosen.stream().map(piece -> withExits(code, piece)).toList() : List.of();
        }

        /** The piece with the labels outside it that it branches to, in the order they first appear. */
        private static Piece withExits(List<Ins> code, Piece piece) {
            var exits = new LinkedHashMap<Integer, Integer>();
            int depth = 0;
            for (int i = piece.first(); i <= piece.last(); i++) {
                Ins ins = code.get(i);
                for (int label : ins.labels()) {
                    if (label >= depth) {
                        exits.putIfAbsent(label - depth, exits.size() + 1);
                    }
                }
                switch (ins.kind()) {
                    case BLOCK, LOOP, IF -> depth++;
                    case END -> depth--;
                    default -> { }
                }
            }
            return new Piece(piece.first(), piece.last(), piece.used(), piece.written(), exits);
        }

        /** The block from {@code first} to {@code last} as a piece, or null if it cannot move. */
        private Piece movable(List<Ins> code, int first, int last, int[] arity, List<Integer> enclosing,
                List<byte[]> locals) {
            var used = new TreeSet<Integer>();
            var written = new TreeSet<Integer>();
            var exits = new HashSet<Integer>(); // only counted here: a chosen piece collects them again (withExits)
            var inner = new ArrayList<Integer>(); // arities of the labels opened inside, innermost last
            for (int i = first; i <= last; i++) {
                Ins ins = code.get(i);
                switch (ins.kind()) {
                    case EXIT -> {
                        return null;
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
                        boolean leaves = false;
                        boolean carries = false;
                        for (int label : ins.labels()) {
                            int outside = label - inner.size();
                            int labelArity = outside < 0 ? inner.get(inner.size() - 1 - label)
                                    : outside < enclosing.size() ? enclosing.get(enclosing.size() - 1 - outside) : -1;
                            if (labelArity < 0) {
                                return null;
                            }
                            carries |= labelArity != 0;
                            if (outside >= 0) {
                                leaves = true;
                                if (exits.add(outside) && exits.size() > MAX_EXITS) {
                                    return null;
                                }
                            }
                        }
                        if (leaves && carries) {
                            return null;
                        }
                    }
                    case BLOCK, LOOP, IF -> inner.add(arity[i]);
                    case END -> inner.removeLast();
                    default -> { }
                }
            }
            int slots = used.stream().mapToInt(local -> slots(locals.get(local))).sum();
            if (slots > MAX_PARAM_SLOTS) {
                return null;
            }
            return new Piece(first, last, List.copyOf(used), List.copyOf(written), Map.of());
        }

        /** The arity of the label a block, loop or if opens: its results, or a loop's parameters. */
        private int labelArity(Ins ins) {
            long blockType = new BinaryReader(module, ins.start() + 1, ins.end(), "module").s33();
            if (blockType >= 0) {
                FuncType type = types.get((int) blockType);
                return ins.kind() == Instructions.Kind.LOOP ? type.params().size() : type.results().size();
            }
            return blockType == -0x40 || ins.kind() == Instructions.Kind.LOOP ? 0 : 1;
        }

        /** Instructions the call left in a piece's place takes. */
        private static int callSize(Piece piece) {
            return 4 + piece.used().size() + piece.written().size();
        }

        /** Instructions a call of a piece runs besides the piece's own: in its place, and around it in the new function. */
        private static int callCost(Piece piece) {
            return callSize(piece) + 4 + piece.written().size();
        }

        /** Adds the function a piece becomes; returns its index. */
        private int addPiece(List<Ins> code, Piece piece, List<byte[]> locals, int balance) {
            var params = piece.used().stream().map(locals::get).toList();
            var results = new ArrayList<byte[]>();
            results.add(new byte[] {I32});
            piece.written().forEach(local -> results.add(locals.get(local)));
            var type = new FuncType(params, results);
            int typeIndex = addedTypes.computeIfAbsent(new String(type.encode(), StandardCharsets.ISO_8859_1),
                    key -> types.size() + addedTypes.size());
            int scratch = params.size(); // an i32 local holding a br_table's operand

            var out = new ByteArrayOutputStream(code.get(piece.last()).end() - code.get(piece.first()).start() + 64);
            FunctionBodyRewriter.writeU32(out, 1);
            FunctionBodyRewriter.writeU32(out, 1);
            out.write(I32);
            out.write(BLOCK); // the way out: its result is the exit code
            out.write(I32);
            int depth = 0; // labels opened inside the piece, its own block included
            for (int i = piece.first(); i <= piece.last(); i++) {
                Ins ins = code.get(i);
                switch (ins.kind()) {
                    case LOCAL -> {
                        int local = new BinaryReader(module, ins.start() + 1, ins.end(), "module").u32();
                        out.write(ins.opcode());
                        FunctionBodyRewriter.writeU32(out, piece.used().indexOf(local));
                    }
                    case BRANCH -> branch(out, ins, depth, piece, scratch);
                    default -> out.write(module, ins.start(), ins.end() - ins.start());
                }
                switch (ins.kind()) {
                    case BLOCK, LOOP, IF -> depth++;
                    case END -> depth--;
                    default -> { }
                }
            }
            out.write(I32_CONST);
            out.write(0); // fell out of the block
            out.write(END);
            for (int local : piece.written()) {
                out.write(LOCAL_GET);
                FunctionBodyRewriter.writeU32(out, piece.used().indexOf(local));
            }
            out.write(END);
            addedBodies.add(out.toByteArray());
            addedBalanceLocals.add(balance < 0 ? -1 : piece.used().indexOf(balance));
            addedFunctionTypes.add(typeIndex);
            return functionCount + addedBodies.size() - 1;
        }

        /**
         * A branch inside a piece, {@code depth} labels inside it: as it is if it stays inside,
         * else it leaves the piece's function with its exit code.
         */
        private void branch(ByteArrayOutputStream out, Ins ins, int depth, Piece piece, int scratch) {
            if (ins.labels().stream().allMatch(label -> label < depth)) {
                out.write(module, ins.start(), ins.end() - ins.start());
                return;
            }
            switch (ins.opcode()) {
                case BR -> exit(out, piece, ins.labels().getFirst() - depth, depth);
                case BR_IF -> {
                    out.write(IF);
                    out.write(VOID);
                    exit(out, piece, ins.labels().getFirst() - depth, depth + 1);
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
                    FunctionBodyRewriter.writeU32(out, scratch);
                    for (int b = 0; b < blocks; b++) {
                        out.write(BLOCK);
                        out.write(VOID);
                    }
                    out.write(LOCAL_GET);
                    FunctionBodyRewriter.writeU32(out, scratch);
                    out.write(BR_TABLE);
                    FunctionBodyRewriter.writeU32(out, ins.labels().size() - 1);
                    for (int label : ins.labels()) {
                        FunctionBodyRewriter.writeU32(out, label < depth ? label + blocks : slots.get(label - depth));
                    }
                    for (var slot : slots.entrySet()) {
                        out.write(END);
                        exit(out, piece, slot.getKey(), depth + blocks - 1 - slot.getValue());
                    }
                }
                default -> throw new IllegalStateException("not a branch: " + ins.opcode());
            }
        }

        /** Leaves the piece's function for the label {@code outside} it, from {@code depth} labels inside. */
        private static void exit(ByteArrayOutputStream out, Piece piece, int outside, int depth) {
            out.write(I32_CONST);
            FunctionBodyRewriter.writeS64(out, piece.exits().get(outside));
            out.write(BR);
            FunctionBodyRewriter.writeU32(out, depth);
        }

        /**
         * In the piece's place: charge the call to {@code balance} (unless -1), pass the locals,
         * call, store what it wrote, branch by its exit code.
         */
        private static void callPiece(ByteArrayOutputStream out, Piece piece, int function, int balance) {
            if (balance >= 0) {
                out.write(LOCAL_GET);
                FunctionBodyRewriter.writeU32(out, balance);
                out.write(I64_CONST);
                FunctionBodyRewriter.writeS64(out, callCost(piece));
                out.write(I64_SUB);
                out.write(LOCAL_SET);
                FunctionBodyRewriter.writeU32(out, balance);
            }
            out.write(BLOCK);
            out.write(VOID);
            for (int local : piece.used()) {
                out.write(LOCAL_GET);
                FunctionBodyRewriter.writeU32(out, local);
            }
            out.write(CALL);
            FunctionBodyRewriter.writeU32(out, function);
            for (int local : piece.written().reversed()) {
                out.write(LOCAL_SET);
                FunctionBodyRewriter.writeU32(out, local);
            }
            if (piece.exits().isEmpty()) {
                out.write(DROP);
            } else {
                out.write(BR_TABLE);
                FunctionBodyRewriter.writeU32(out, piece.exits().size() + 1);
                out.write(0);
                for (int outside : piece.exits().keySet()) {
                    FunctionBodyRewriter.writeU32(out, outside + 1);
                }
                out.write(0);
            }
            out.write(END);
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
