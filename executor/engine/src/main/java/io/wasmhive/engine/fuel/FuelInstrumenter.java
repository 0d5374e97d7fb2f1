package io.wasmhive.engine.fuel;

import io.wasmhive.engine.internal.BinaryReader;
import io.wasmhive.engine.internal.Sections;
import io.wasmhive.engine.internal.Sections.Section;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Adds deterministic fuel metering to a core module by rewriting its binary: one new mutable i64
 * global holds the balance, placed after every existing global so no index changes, and every
 * function body charges it (see {@link FunctionBodyRewriter}). Running out traps with
 * {@code unreachable}; the host then sees a negative balance and knows the trap was fuel.
 *
 * <p>The result depends only on the input bytes and {@link #VERSION}, so the same module costs
 * the same fuel for the same request in the interpreter and the compiler, on every run.
 */
public final class FuelInstrumenter {

    /** Changes whenever the rewriting or the costs change; part of the compiled-code cache key. */
    public static final int VERSION = 10;

    /**
     * @param bytes         the metered module
     * @param fuelGlobal    index of the fuel global in the module's global index space; the next
     *                      global is set to 1 when the module's memory refuses to grow
     * @param balanceLocals by defined function: the local that holds its balance, -1 where its
     *                      callers pay for it ({@link FunctionSplitter} charges the calls it adds)
     */
    public record Metered(byte[] bytes, int fuelGlobal, int[] balanceLocals) {}

    private static final int CUSTOM = 0, TYPE = 1, IMPORT = 2, FUNCTION = 3, TABLE = 4, MEMORY = 5, GLOBAL = 6,
            EXPORT = 7, START = 8, ELEMENT = 9, CODE = 10, DATA = 11, DATA_COUNT = 12, TAG = 13;

    private FuelInstrumenter() {}

    /**
     * Meters a core module whose header was already checked. On the way it walks every section,
     * bounding every count and length by the bytes that are really there, so that no later parser
     * is asked to allocate for a lie. Custom sections are dropped: they do not run.
     */
    public static Metered instrument(byte[] module) {
        List<Section> sections = Sections.of(module, "module");
        int[] paramCounts = new int[0];
        List<String> signatures = List.of();
        List<Integer> functionTypes = new ArrayList<>();
        int globals = 0;
        var reach = new Reach();
        for (Section section : sections) {
            var in = new BinaryReader(module, section.contentStart(), section.end(), "module");
            switch (section.id()) {
                case TYPE -> {
                    int typesStart = in.position();
                    paramCounts = readParamCounts(in);
                    signatures = readSignatures(module, typesStart, in.position());
                }
                case IMPORT -> {
                    var imports = readImports(in, paramCounts.length);
                    functionTypes.addAll(imports.functionTypes());
                    globals += imports.globals();
                    reach.tablesFixed &= !imports.tables();
                }
                case FUNCTION -> {
                    int count = in.count();
                    for (int i = 0; i < count; i++) {
                        int type = in.u32();
                        FunctionBodyRewriter.requireBelow(in, type, paramCounts.length, "type");
                        functionTypes.add(type);
                    }
                }
                case TABLE -> {
                    int count = in.count();
                    for (int i = 0; i < count; i++) {
                        skipTableType(in);
                        reach.tables.add(new TreeMap<>());
                    }
                }
                case MEMORY -> {
                    int count = in.count();
                    for (int i = 0; i < count; i++) {
                        skipMemoryLimits(in);
                    }
                }
                case GLOBAL -> globals += readGlobalCount(module, in, reach);
                case EXPORT -> walkExports(in, reach);
                case START -> reach.exported.add(in.u32());
                case DATA_COUNT -> in.u32();
                case ELEMENT -> walkElements(in, reach);
                case DATA -> walkData(in);
                case TAG -> walkTags(in, paramCounts.length);
                case CUSTOM, CODE -> { } // custom: dropped below; code: walked while it is rewritten
                default -> throw in.malformed("unknown section id " + section.id());
            }
            if (section.id() != CODE && section.id() != CUSTOM && in.hasMore()) {
                throw in.malformed("section " + section.id() + " has " + (section.end() - in.position())
                        + " bytes left over after its last entry");
            }
        }
        int fuelGlobal = globals;
        int importedFunctions = functionTypes.size() - definedFunctionCount(module, sections);
        CallPlan plan = callPlan(module, sections, reach, functionTypes, importedFunctions, signatures, paramCounts);
        int typeCount = signatures.size();
        var addedTypes = new LinkedHashMap<String, Integer>(); // the types of functions passed the balance: their index
        var newTypes = new ArrayList<>(functionTypes);
        for (int function = importedFunctions; function < functionTypes.size(); function++) {
            var passing = plan.passing(function);
            if (passing != CallPlan.Passing.NONE) {
                String type = withBalance(signatures.get(functionTypes.get(function)), passing);
                newTypes.set(function, addedTypes.computeIfAbsent(type, t -> typeCount + addedTypes.size()));
            }
        }

        var balanceLocals = new int[functionTypes.size() - importedFunctions];
        var out = new ByteArrayOutputStream(module.length + module.length / 4 + 64);
        out.write(module, 0, 8);
        boolean globalWritten = false;
        for (Section section : sections) {
            if (!globalWritten && section.id() != 0 && order(section.id()) > order(GLOBAL)) {
                writeSection(out, GLOBAL, globalSection(module, null));
                globalWritten = true;
            }
            switch (section.id()) {
                case GLOBAL -> {
                    writeSection(out, GLOBAL, globalSection(module, section));
                    globalWritten = true;
                }
                case TYPE -> writeSection(out, TYPE, typeSection(module, section, typeCount, addedTypes.keySet()));
                case FUNCTION -> writeSection(out, FUNCTION, functionSection(newTypes, importedFunctions));
                case CODE -> writeSection(out, CODE, codeSection(module, section, fuelGlobal, functionTypes,
                        importedFunctions, paramCounts, plan, balanceLocals));
                case CUSTOM -> { }
                default -> out.write(module, section.start(), section.end() - section.start());
            }
        }
        if (!globalWritten) {
            writeSection(out, GLOBAL, globalSection(module, null));
        }
        return new Metered(out.toByteArray(), fuelGlobal, balanceLocals);
    }

    /** Where a section id goes in the required section order (custom sections go anywhere). */
    private static int order(int id) {
        return switch (id) {
            case TAG -> 5 * 2 + 1; // after memory, before global
            case 12 -> 9 * 2 + 1; // data count: after element, before code
            default -> id == 10 || id == 11 ? id * 2 + 2 : id * 2;
        };
    }

    private static int[] readParamCounts(BinaryReader in) {
        int count = in.count();
        int[] params = new int[count];
        for (int i = 0; i < count; i++) {
            int form = in.u8();
            if (form != 0x60) {
                throw in.unsupported("type form 0x" + Integer.toHexString(form)
                        + " (GC types) is not supported by Wasmhive");
            }
            params[i] = in.count();
            for (int p = 0; p < params[i]; p++) {
                Instructions.skipValueType(in);
            }
            int results = in.count();
            for (int r = 0; r < results; r++) {
                Instructions.skipValueType(in);
            }
        }
        return params;
    }

    /** What decides whether the host or a changed table can reach a function (see {@link CallPlan}). */
    private static final class Reach {
        /** Exported functions and the start function. */
        final Set<Integer> exported = new HashSet<>();
        /** By table index: function index by element index, once the active segments ran. */
        final List<Map<Integer, Integer>> tables = new ArrayList<>();
        /** Whether every table's contents are fixed by its element segments. */
        boolean tablesFixed = true;
        /** Functions named by an element segment. */
        final Set<Integer> inElements = new HashSet<>();
        /** Whether a global or an element segment can hold a reference taken with {@code ref.func}. */
        boolean referencesTaken;
    }

    private static final String NO_RESULTS = "\u0000";
    private static final String ONE_I32 = "\u0001\u007f";
    private static final String ONE_I64 = "\u0001\u007e";

    /** The results of a type given by its encoding, encoded: their count, then their types. */
    private static String results(String signature) {
        byte[] bytes = signature.getBytes(StandardCharsets.ISO_8859_1);
        var in = new BinaryReader(bytes, 1, bytes.length, "module");
        int params = in.count();
        for (int p = 0; p < params; p++) {
            Instructions.skipValueType(in);
        }
        return signature.substring(in.position());
    }

    /**
     * By type index: the type re-encoded with its counts in their shortest form, so that equal
     * function types, which {@code call_indirect} takes as the same, have equal encodings. (Every
     * value type is one byte: typed references are refused.)
     */
    private static List<String> readSignatures(byte[] module, int start, int end) {
        var in = new BinaryReader(module, start, end, "module");
        int count = in.count();
        var signatures = new ArrayList<String>(count);
        for (int i = 0; i < count; i++) {
            var type = new ByteArrayOutputStream();
            type.write(in.u8());
            for (int list = 0; list < 2; list++) {
                int values = in.count();
                FunctionBodyRewriter.writeU32(type, values);
                for (int v = 0; v < values; v++) {
                    int from = in.position();
                    Instructions.skipValueType(in);
                    type.write(module, from, in.position() - from);
                }
            }
            signatures.add(type.toString(StandardCharsets.ISO_8859_1));
        }
        return signatures;
    }

    /** Which functions their callers pay for or hand their balance, and the tables' fixed contents. */
    private static CallPlan callPlan(byte[] module, List<Section> sections, Reach reach, List<Integer> functionTypes,
            int importedFunctions, List<String> signatures, int[] paramCounts) {
        var code = sections.stream().filter(s -> s.id() == CODE).findFirst();
        if (code.isEmpty()) {
            return CallPlan.NONE;
        }
        var in = new BinaryReader(module, code.get().contentStart(), code.get().end(), "module");
        int count = in.count();
        if (importedFunctions + Integer.toUnsignedLong(count) != functionTypes.size()) {
            return CallPlan.NONE; // refused while the code section is rewritten
        }
        long[] costs = new long[functionTypes.size()];
        boolean[] directOnly = new boolean[functionTypes.size()];
        boolean tablesFixed = reach.tablesFixed;
        boolean referencesTaken = reach.referencesTaken;
        boolean tailCalls = false;
        var indirect = new LinkedHashSet<CallPlan.Indirect>();
        for (int i = 0; i < count; i++) {
            int size = in.u32();
            int start = in.position();
            in.skip(size);
            var survey = FunctionBodyRewriter.survey(module, start, size);
            tablesFixed &= !survey.changesTables();
            referencesTaken |= survey.takesReferences();
            tailCalls |= survey.tailCalls();
            indirect.addAll(survey.indirectCalls());
            int function = importedFunctions + i;
            boolean hidden = !reach.exported.contains(function);
            costs[function] = hidden ? survey.straightLineCost() : 0;
            directOnly[function] = hidden && !reach.inElements.contains(function)
                    && paramCounts[functionTypes.get(function)] <= CallPlan.MAX_PARAMS_TAKING_BALANCE;
        }
        if (!tablesFixed) {
            Arrays.fill(costs, 0);
        }
        var possible = new CallPlan.Passing[functionTypes.size()];
        for (int function = 0; function < possible.length; function++) {
            String results = results(signatures.get(functionTypes.get(function)));
            possible[function] = !directOnly[function] || referencesTaken ? CallPlan.Passing.NONE
                    // a tail call returns its callee's results as its own, which a balance in them would change
                    : tailCalls ? CallPlan.Passing.IN
                    : results.equals(NO_RESULTS) ? CallPlan.Passing.IN_OUT
                    : results.equals(ONE_I32) ? CallPlan.Passing.IN_OUT_PACKED
                    : CallPlan.Passing.IN;
        }
        return CallPlan.of(costs, possible, functionTypes, signatures, reach.tables, indirect);
    }

    record Imports(List<Integer> functionTypes, int globals, boolean tables) {}

    static Imports readImports(BinaryReader in, int typeCount) {
        int count = in.count();
        var functionTypes = new ArrayList<Integer>();
        int globals = 0;
        boolean tables = false;
        for (int i = 0; i < count; i++) {
            in.skip(in.u32()); // module name
            in.skip(in.u32()); // field name
            int kind = in.u8();
            switch (kind) {
                case 0x00 -> {
                    int type = in.u32();
                    FunctionBodyRewriter.requireBelow(in, type, typeCount, "type");
                    functionTypes.add(type);
                }
                case 0x01 -> {
                    skipTableType(in);
                    tables = true;
                }
                case 0x02 -> skipMemoryLimits(in);
                case 0x03 -> {
                    Instructions.skipValueType(in);
                    in.u8();
                    globals++;
                }
                case 0x04 -> {
                    in.u8();
                    in.u32();
                }
                default -> throw in.malformed("unknown import kind 0x" + Integer.toHexString(kind));
            }
        }
        return new Imports(functionTypes, globals, tables);
    }

    private static void skipTableType(BinaryReader in) {
        Instructions.skipValueType(in);
        int flags = in.u8();
        if ((flags & 0x04) != 0) {
            throw in.unsupported("64-bit tables are not supported by Wasmhive");
        }
        in.skipLeb();
        if ((flags & 0x01) != 0) {
            in.skipLeb();
        }
    }

    private static void skipMemoryLimits(BinaryReader in) {
        int flags = in.u8();
        if ((flags & 0x04) != 0) {
            throw in.unsupported("64-bit memories (memory64) are not supported by Wasmhive");
        }
        if ((flags & 0x02) != 0) {
            throw in.unsupported("shared memories (threads) are not supported by Wasmhive");
        }
        in.skipLeb();
        if ((flags & 0x01) != 0) {
            in.skipLeb();
        }
    }

    private static int readGlobalCount(byte[] module, BinaryReader in, Reach reach) {
        int count = in.count();
        for (int i = 0; i < count; i++) {
            int type = in.position();
            Instructions.skipValueType(in);
            if (in.position() - type != 1 || (module[type] & 0xff) == 0x70) {
                reach.tablesFixed = false; // not a number type: a reference could escape through it
                reach.referencesTaken = true;
            }
            in.u8();
            while (Instructions.decode(in) != Instructions.Kind.END) {
                // constant expression
            }
        }
        return count;
    }

    private static void skipConstantExpression(BinaryReader in) {
        while (Instructions.decode(in) != Instructions.Kind.END) {
            // constant expressions have no blocks: the first end closes them
        }
    }

    private static void walkExports(BinaryReader in, Reach reach) {
        int count = in.count();
        for (int i = 0; i < count; i++) {
            in.skip(in.u32());
            int kind = in.u8();
            int index = in.u32();
            if (kind == 0x00) {
                reach.exported.add(index);
            } else if (kind == 0x01) {
                reach.tablesFixed = false;
            }
        }
    }

    private static void walkElements(BinaryReader in, Reach reach) {
        int count = in.count();
        for (int i = 0; i < count; i++) {
            int flags = in.u32();
            if (flags > 7) {
                throw in.malformed("unknown element segment kind " + flags);
            }
            int table = 0;
            if ((flags & 0x02) != 0 && (flags & 0x01) == 0) {
                table = in.u32(); // table index
            }
            long offset = -1;
            if ((flags & 0x01) == 0) {
                int expression = in.position();
                skipConstantExpression(in); // offset
                offset = constantI32(in, expression);
            }
            // only active segments of function indices with a constant offset leave a table as we can know it
            Map<Integer, Integer> filled = (flags == 0 || flags == 2) && offset >= 0
                    && table >= 0 && table < reach.tables.size() ? reach.tables.get(table) : null;
            if (filled == null) {
                reach.tablesFixed = false;
            }
            if ((flags & 0x03) != 0) {
                if ((flags & 0x04) == 0) {
                    in.u8(); // element kind
                } else {
                    Instructions.skipValueType(in); // reference type
                }
            }
            int entries = in.count();
            for (int e = 0; e < entries; e++) {
                if ((flags & 0x04) == 0) {
                    int function = in.u32(); // function index
                    reach.inElements.add(function);
                    if (filled != null && offset + e <= Integer.MAX_VALUE) {
                        filled.put((int) (offset + e), function);
                    } else {
                        reach.tablesFixed = false;
                    }
                } else {
                    skipConstantExpression(in);
                    reach.referencesTaken = true;
                }
            }
        }
    }

    private static void walkData(BinaryReader in) {
        int count = in.count();
        for (int i = 0; i < count; i++) {
            int flags = in.u32();
            switch (flags) {
                case 0 -> skipConstantExpression(in);
                case 1 -> { }
                case 2 -> {
                    in.u32();
                    skipConstantExpression(in);
                }
                default -> throw in.malformed("unknown data segment kind " + flags);
            }
            in.skip(in.u32());
        }
    }

    private static void walkTags(BinaryReader in, int typeCount) {
        int count = in.count();
        for (int i = 0; i < count; i++) {
            in.u8();
            FunctionBodyRewriter.requireBelow(in, in.u32(), typeCount, "type");
        }
    }

    /** The value of a constant expression {@code i32.const k; end} that starts at {@code start}, as unsigned; else -1. */
    private static long constantI32(BinaryReader in, int start) {
        int end = in.position();
        in.seek(start);
        long value = -1;
        if (in.u8() == 0x41) {
            long k = in.s33();
            if (in.position() == end - 1) {
                value = k & 0xffff_ffffL;
            }
        }
        in.seek(end);
        return value;
    }

    private static int definedFunctionCount(byte[] module, List<Section> sections) {
        return sections.stream().filter(s -> s.id() == FUNCTION).findFirst()
                .map(s -> new BinaryReader(module, s.contentStart(), s.end(), "module").u32())
                .orElse(0);
    }

    /** The global section with the fuel global added last: {@code (global (mut i64) (i64.const 0))}. */
    private static byte[] globalSection(byte[] module, Section existing) {
        var out = new ByteArrayOutputStream();
        if (existing == null) {
            FunctionBodyRewriter.writeU32(out, 2);
        } else {
            var in = new BinaryReader(module, existing.contentStart(), existing.end(), "module");
            int count = in.u32();
            FunctionBodyRewriter.writeU32(out, Integer.toUnsignedLong(count) + 2);
            out.write(module, in.position(), existing.end() - in.position());
        }
        out.writeBytes(new byte[] {0x7e, 0x01, 0x42, 0x00, 0x0b}); // the fuel balance: (mut i64) 0
        out.writeBytes(new byte[] {0x7f, 0x01, 0x41, 0x00, 0x0b}); // a refused memory.grow: (mut i32) 0
        return out.toByteArray();
    }

    private static byte[] codeSection(byte[] module, Section section, int fuelGlobal, List<Integer> functionTypes,
            int importedFunctions, int[] paramCounts, CallPlan plan, int[] balanceLocals) {
        var in = new BinaryReader(module, section.contentStart(), section.end(), "module");
        int count = in.count();
        if (importedFunctions + Integer.toUnsignedLong(count) != functionTypes.size()) {
            throw in.malformed("the code section has " + Integer.toUnsignedString(count)
                    + " bodies for " + (functionTypes.size() - importedFunctions) + " declared functions");
        }
        var rewriter = new FunctionBodyRewriter(fuelGlobal, paramCounts.length, plan);
        var out = new ByteArrayOutputStream(section.end() - section.contentStart() + 64);
        FunctionBodyRewriter.writeU32(out, count);
        for (int i = 0; i < count; i++) {
            int size = in.u32();
            int start = in.position();
            in.skip(size);
            int type = functionTypes.get(importedFunctions + i);
            byte[] body = rewriter.rewrite(module, start, size, paramCounts[type],
                    plan.callerPays(importedFunctions + i) > 0, plan.passing(importedFunctions + i), balanceLocals, i);
            FunctionBodyRewriter.writeU32(out, body.length);
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    /** The type section with {@code added} types after the module's own. */
    private static byte[] typeSection(byte[] module, Section section, int typeCount, Collection<String> added) {
        var out = new ByteArrayOutputStream(section.end() - section.contentStart() + added.size() * 8);
        FunctionBodyRewriter.writeU32(out, typeCount + added.size());
        var in = new BinaryReader(module, section.contentStart(), section.end(), "module");
        in.u32();
        out.write(module, in.position(), section.end() - in.position());
        for (String type : added) {
            out.writeBytes(type.getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }

    /** The encoding of a function's type once it is passed the balance: an i64 parameter last, and maybe an i64 result. */
    private static String withBalance(String signature, CallPlan.Passing passing) {
        String results = results(signature);
        var out = new ByteArrayOutputStream();
        var in = new BinaryReader(signature.getBytes(StandardCharsets.ISO_8859_1), 1, signature.length(), "module");
        int params = in.count();
        out.write(0x60);
        FunctionBodyRewriter.writeU32(out, params + 1L);
        out.writeBytes(signature.substring(in.position(), signature.length() - results.length())
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(0x7e); // the balance
        out.writeBytes((passing == CallPlan.Passing.IN ? results : ONE_I64).getBytes(StandardCharsets.ISO_8859_1));
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** The function section with each defined function's type from {@code types}. */
    private static byte[] functionSection(List<Integer> types, int importedFunctions) {
        var out = new ByteArrayOutputStream();
        FunctionBodyRewriter.writeU32(out, types.size() - importedFunctions);
        for (int type : types.subList(importedFunctions, types.size())) {
            FunctionBodyRewriter.writeU32(out, type);
        }
        return out.toByteArray();
    }

    static void writeSection(ByteArrayOutputStream out, int id, byte[] contents) {
        out.write(id);
        FunctionBodyRewriter.writeU32(out, contents.length);
        out.writeBytes(contents);
    }
}
