package io.wasmhive.engine.component.abi;

import io.wasmhive.engine.component.abi.WitType.Borrow;
import io.wasmhive.engine.component.abi.WitType.FlagsOf;
import io.wasmhive.engine.component.abi.WitType.ListOf;
import io.wasmhive.engine.component.abi.WitType.Own;
import io.wasmhive.engine.component.abi.WitType.Primitive;
import io.wasmhive.engine.component.abi.WitType.RecordOf;
import io.wasmhive.engine.component.abi.WitType.VariantOf;
import java.util.ArrayList;
import java.util.List;

/** Sizes, alignments and flattenings of value types, as the canonical ABI defines them (32-bit memories). */
public final class Layout {

    public static final int MAX_FLAT_PARAMS = 16;
    public static final int MAX_FLAT_RESULTS = 1;

    private Layout() {}

    public static int alignment(WitType type) {
        return switch (type) {
            case Primitive p -> switch (p) {
                case BOOL, S8, U8 -> 1;
                case S16, U16 -> 2;
                case S32, U32, F32, CHAR, STRING -> 4;
                case S64, U64, F64 -> 8;
            };
            case ListOf l -> 4;
            case RecordOf r -> r.alignment;
            case VariantOf v -> v.alignment;
            case FlagsOf f -> flagsSize(f);
            case Own o -> 4;
            case Borrow b -> 4;
        };
    }

    public static int size(WitType type) {
        return switch (type) {
            case Primitive p -> switch (p) {
                case BOOL, S8, U8 -> 1;
                case S16, U16 -> 2;
                case S32, U32, F32, CHAR -> 4;
                case S64, U64, F64, STRING -> 8;
            };
            case ListOf l -> 8;
            case RecordOf r -> r.size;
            case VariantOf v -> v.size;
            case FlagsOf f -> flagsSize(f);
            case Own o -> 4;
            case Borrow b -> 4;
        };
    }

    /** Where a variant's payload starts, after its discriminant. */
    public static int payloadOffset(VariantOf v) {
        return v.payloadOffset;
    }

    public static Primitive discriminant(VariantOf v) {
        return v.discriminant;
    }

    static Primitive discriminant(int cases) {
        if (cases <= 256) {
            return Primitive.U8;
        }
        return cases <= 65536 ? Primitive.U16 : Primitive.U32;
    }

    static int recordAlignment(List<WitType> fields) {
        int a = 1;
        for (var field : fields) {
            a = Math.max(a, alignment(field));
        }
        return a;
    }

    static long recordSize(List<WitType> fields, int alignment) {
        long s = 0;
        for (var field : fields) {
            s = alignTo(s, alignment(field)) + size(field);
        }
        return alignTo(s, alignment);
    }

    /** The canonical ABI bounds every value type's size below 2^28 bytes. */
    static int checkedSize(long size) {
        if (size >= 1L << 28) {
            throw new io.wasmhive.engine.InvalidModuleException("a value type of " + size
                    + " bytes is too large: the canonical ABI allows less than 2^28");
        }
        return (int) size;
    }

    /**
     * A flattening cut after one more than the flat limit: past it values go through memory and
     * the flat types are never used, and uncut they could grow exponentially with nesting.
     */
    static List<CoreType> bounded(List<CoreType> flat) {
        return List.copyOf(flat.size() > MAX_FLAT_PARAMS + 1 ? flat.subList(0, MAX_FLAT_PARAMS + 1) : flat);
    }

    static long maxCaseSize(List<WitType> payloads) {
        long size = 0;
        for (var payload : payloads) {
            if (payload != null) {
                size = Math.max(size, size(payload));
            }
        }
        return size;
    }

    public static List<CoreType> flatten(List<WitType> types) {
        var flat = new ArrayList<CoreType>();
        for (var type : types) {
            flatten(type, flat);
        }
        return flat;
    }

    public static void flatten(WitType type, List<CoreType> out) {
        switch (type) {
            case Primitive p -> {
                switch (p) {
                    case S64, U64 -> out.add(CoreType.I64);
                    case F32 -> out.add(CoreType.F32);
                    case F64 -> out.add(CoreType.F64);
                    case STRING -> {
                        out.add(CoreType.I32);
                        out.add(CoreType.I32);
                    }
                    default -> out.add(CoreType.I32);
                }
            }
            case ListOf l -> {
                out.add(CoreType.I32);
                out.add(CoreType.I32);
            }
            case RecordOf r -> out.addAll(r.flat);
            case VariantOf v -> {
                out.add(CoreType.I32);
                out.addAll(v.payloadFlat);
            }
            case FlagsOf f -> out.add(CoreType.I32);
            case Own o -> out.add(CoreType.I32);
            case Borrow b -> out.add(CoreType.I32);
        }
    }

    /** The joined flat types of a variant's payloads, without the discriminant. */
    public static List<CoreType> variantPayload(VariantOf v) {
        return v.payloadFlat;
    }

    static List<CoreType> joinPayloads(List<WitType> payloads) {
        var joined = new ArrayList<CoreType>();
        for (var payload : payloads) {
            if (payload == null) {
                continue;
            }
            var flat = new ArrayList<CoreType>();
            flatten(payload, flat);
            for (int i = 0; i < flat.size(); i++) {
                if (i < joined.size()) {
                    joined.set(i, CoreType.join(joined.get(i), flat.get(i)));
                } else {
                    joined.add(flat.get(i));
                }
            }
        }
        return List.copyOf(joined);
    }

    public static int alignTo(int ptr, int alignment) {
        return (ptr + alignment - 1) / alignment * alignment;
    }

    static long alignTo(long ptr, int alignment) {
        return (ptr + alignment - 1) / alignment * alignment;
    }

    static int maxCaseAlignment(List<WitType> payloads) {
        int a = 1;
        for (var c : payloads) {
            if (c != null) {
                a = Math.max(a, alignment(c));
            }
        }
        return a;
    }

    private static int flagsSize(FlagsOf f) {
        int n = f.labels().size();
        return n <= 8 ? 1 : n <= 16 ? 2 : 4;
    }
}
