package io.wasmhive.engine.fuel;

import io.wasmhive.engine.internal.BinaryReader;
import java.util.List;

/**
 * Decodes one instruction: what it means for metering, with its immediates skipped. Covers the
 * core instruction set with sign extension, saturating truncation, bulk memory, reference types,
 * multi-value and tail calls. Everything else (SIMD, threads, exception handling, GC) is refused,
 * because an instruction the meter does not understand could run unmetered.
 */
final class Instructions {

    /** How an instruction affects metering. */
    enum Kind {
        /** Straight-line work. */
        PLAIN,
        /** {@code local.get/set/tee}: straight-line work whose index moves when the balance is a parameter. */
        LOCAL,
        /** {@code block}. */
        BLOCK,
        /** {@code if}. */
        IF,
        /** {@code loop}: its body is charged, and checked, on every iteration. */
        LOOP,
        /** {@code else}. */
        ELSE,
        /** {@code end} of a block, loop, if or the function. */
        END,
        /** {@code br}, {@code br_if}, {@code br_table}; their label depths are collected. */
        BRANCH,
        /** Leaves the function: {@code return} and tail calls. */
        EXIT,
        /** {@code unreachable}. */
        TRAP,
        /** {@code call} and {@code call_indirect}: the callee, or the host, charges the shared balance. */
        CALL,
        /** {@code memory.grow}: charged per page requested. */
        GROW_MEMORY,
        /** Bulk memory work, charged per byte: {@code memory.copy/fill/init}. */
        BULK_MEMORY,
        /** Bulk table work, charged per element: {@code table.copy/fill/init/grow}. */
        BULK_TABLE
    }

    private Instructions() {}

    /** Decodes an instruction where branch labels do not matter (constant expressions). */
    static Kind decode(BinaryReader in) {
        return decode(in, null);
    }

    /**
     * Decodes one instruction.
     *
     * @param labels receives the label depths of a branch; may be null
     */
    static Kind decode(BinaryReader in, List<Integer> labels) {
        int opcode = in.u8();
        return switch (opcode) {
            case 0x00 -> Kind.TRAP; // unreachable
            case 0x0f -> Kind.EXIT; // return
            case 0x01, 0x1a, 0x1b -> Kind.PLAIN; // nop, drop, select
            case 0x02 -> {
                skipBlockType(in);
                yield Kind.BLOCK;
            }
            case 0x04 -> {
                skipBlockType(in);
                yield Kind.IF;
            }
            case 0x03 -> {
                skipBlockType(in);
                yield Kind.LOOP;
            }
            case 0x05 -> Kind.ELSE;
            case 0x0b -> Kind.END;
            case 0x0c, 0x0d -> { // br, br_if
                label(in, labels);
                yield Kind.BRANCH;
            }
            case 0x0e -> { // br_table
                int targets = in.count();
                for (int i = 0; i < targets; i++) {
                    label(in, labels);
                }
                label(in, labels);
                yield Kind.BRANCH;
            }
            case 0x10 -> { // call
                in.u32();
                yield Kind.CALL;
            }
            case 0x11 -> { // call_indirect
                in.u32();
                in.u32();
                yield Kind.CALL;
            }
            case 0x12 -> { // return_call
                in.u32();
                yield Kind.EXIT;
            }
            case 0x13 -> { // return_call_indirect
                in.u32();
                in.u32();
                yield Kind.EXIT;
            }
            case 0x1c -> { // select with types
                int count = in.count();
                for (int i = 0; i < count; i++) {
                    skipValueType(in);
                }
                yield Kind.PLAIN;
            }
            case 0x20, 0x21, 0x22 -> { // local.get/set/tee
                in.u32();
                yield Kind.LOCAL;
            }
            case 0x23, 0x24, 0x25, 0x26 -> { // globals, table.get/set
                in.u32();
                yield Kind.PLAIN;
            }
            case 0x3f -> { // memory.size
                in.u32();
                yield Kind.PLAIN;
            }
            case 0x40 -> { // memory.grow
                in.u32();
                yield Kind.GROW_MEMORY;
            }
            case 0x41, 0x42 -> { // i32.const, i64.const
                in.skipLeb();
                yield Kind.PLAIN;
            }
            case 0x43 -> {
                in.skip(4);
                yield Kind.PLAIN;
            }
            case 0x44 -> {
                in.skip(8);
                yield Kind.PLAIN;
            }
            case 0xd0 -> { // ref.null
                in.s33();
                yield Kind.PLAIN;
            }
            case 0xd1 -> Kind.PLAIN; // ref.is_null
            case 0xd2 -> { // ref.func
                in.u32();
                yield Kind.PLAIN;
            }
            case 0xfc -> decodeMisc(in);
            default -> {
                if (opcode >= 0x28 && opcode <= 0x3e) { // loads and stores
                    skipMemArg(in);
                    yield Kind.PLAIN;
                }
                if (opcode >= 0x45 && opcode <= 0xc4) { // numeric, including sign extension
                    yield Kind.PLAIN;
                }
                throw unsupported(in, opcode);
            }
        };
    }

    private static Kind decodeMisc(BinaryReader in) {
        int sub = in.u32();
        switch (sub) {
            case 0, 1, 2, 3, 4, 5, 6, 7 -> { // saturating truncation
                return Kind.PLAIN;
            }
            case 8 -> { // memory.init data memory
                in.u32();
                in.u32();
                return Kind.BULK_MEMORY;
            }
            case 9, 13 -> { // data.drop, elem.drop
                in.u32();
                return Kind.PLAIN;
            }
            case 10 -> { // memory.copy
                in.u32();
                in.u32();
                return Kind.BULK_MEMORY;
            }
            case 11 -> { // memory.fill
                in.u32();
                return Kind.BULK_MEMORY;
            }
            case 12, 14 -> { // table.init, table.copy
                in.u32();
                in.u32();
                return Kind.BULK_TABLE;
            }
            case 15, 17 -> { // table.grow, table.fill
                in.u32();
                return Kind.BULK_TABLE;
            }
            case 16 -> { // table.size
                in.u32();
                return Kind.PLAIN;
            }
            default -> throw in.unsupported("instruction 0xfc " + sub + " is not supported by Wasmhive");
        }
    }

    private static void label(BinaryReader in, List<Integer> labels) {
        int depth = in.u32();
        if (labels != null) {
            labels.add(depth);
        }
    }

    static void skipBlockType(BinaryReader in) {
        long type = in.s33();
        if (type == -0x1d || type == -0x1c) { // (ref null ht), (ref ht)
            in.s33();
        }
    }

    static void skipValueType(BinaryReader in) {
        int type = in.u8();
        if (type == 0x63 || type == 0x64) {
            // refused like GC: such a type can equal a one-byte one ((ref null func) is funcref),
            // which the meter, comparing types by their bytes, must not have to know
            throw in.unsupported("typed function references (value type 0x" + Integer.toHexString(type)
                    + ") are not supported by Wasmhive");
        }
    }

    private static void skipMemArg(BinaryReader in) {
        int align = in.u32();
        if ((align & 0x40) != 0) {
            in.u32(); // memory index (multi-memory)
        }
        in.skipLeb();
    }

    private static RuntimeException unsupported(BinaryReader in, int opcode) {
        String feature = switch (opcode) {
            case 0xfd -> "SIMD";
            case 0xfe -> "threads (atomics)";
            case 0x06, 0x07, 0x08, 0x09, 0x0a, 0x18, 0x19, 0x1f -> "exception handling";
            case 0x14, 0x15, 0xd3, 0xd4, 0xd5, 0xd6, 0xfb -> "GC and typed function references";
            default -> "an unknown extension";
        };
        return in.unsupported("instruction 0x" + Integer.toHexString(opcode) + " (" + feature
                + ") is not supported by Wasmhive; build the module without that feature");
    }
}
