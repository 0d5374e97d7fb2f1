package io.wasmhive.engine.component.abi;

import com.dylibso.chicory.runtime.TrapException;
import io.wasmhive.engine.component.abi.WitType.Borrow;
import io.wasmhive.engine.component.abi.WitType.FlagsOf;
import io.wasmhive.engine.component.abi.WitType.ListOf;
import io.wasmhive.engine.component.abi.WitType.Own;
import io.wasmhive.engine.component.abi.WitType.Primitive;
import io.wasmhive.engine.component.abi.WitType.RecordOf;
import io.wasmhive.engine.component.abi.WitType.VariantOf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Lifting and lowering of component values between Java and a core instance's flat values and
 * linear memory, following the canonical ABI's definitions. Java values: Boolean; Integer for
 * 8/16/32-bit integers and char (code point); Long for 64-bit; Float; Double; String; byte[] for
 * {@code list<u8>}, List otherwise; Object[] for records and tuples; {@link Case} for variants;
 * Integer bit sets for flags; the representation object for handles.
 */
public final class CanonicalAbi {

    /** No string or list is longer than this many bytes, as the canonical ABI bounds them. */
    public static final int MAX_BYTE_LENGTH = (1 << 28) - 1;

    private CanonicalAbi() {}

    // ---- loading from memory ----

    public static Object load(AbiContext cx, int ptr, WitType type) {
        var m = cx.memory();
        cx.check(ptr, Layout.alignment(type), Layout.size(type));
        return switch (type) {
            case Primitive p -> switch (p) {
                case BOOL -> m.read(ptr) != 0;
                case S8 -> (int) m.read(ptr);
                case U8 -> m.read(ptr) & 0xff;
                case S16 -> (int) m.readShort(ptr);
                case U16 -> m.readShort(ptr) & 0xffff;
                case S32, U32 -> m.readInt(ptr);
                case CHAR -> checkChar(m.readInt(ptr));
                case S64, U64 -> m.readLong(ptr);
                case F32 -> m.readFloat(ptr);
                case F64 -> m.readDouble(ptr);
                case STRING -> loadString(cx, m.readInt(ptr), m.readInt(ptr + 4));
            };
            case ListOf l -> loadList(cx, m.readInt(ptr), m.readInt(ptr + 4), l.element());
            case RecordOf r -> {
                var values = new Object[r.fields().size()];
                int offset = ptr;
                for (int i = 0; i < values.length; i++) {
                    var field = r.fields().get(i);
                    offset = Layout.alignTo(offset, Layout.alignment(field));
                    values[i] = load(cx, offset, field);
                    offset += Layout.size(field);
                }
                yield values;
            }
            case VariantOf v -> {
                int index = switch (Layout.discriminant(v)) {
                    case U8 -> m.read(ptr) & 0xff;
                    case U16 -> m.readShort(ptr) & 0xffff;
                    default -> m.readInt(ptr);
                };
                if (Integer.compareUnsigned(index, v.labels().size()) >= 0) {
                    throw new TrapException("variant case " + Integer.toUnsignedString(index) + " out of range");
                }
                var payload = v.payloads().get(index);
                yield new Case(v.labels().get(index),
                        payload == null ? null : load(cx, ptr + Layout.payloadOffset(v), payload));
            }
            case FlagsOf f -> switch (Layout.size(f)) {
                case 1 -> m.read(ptr) & 0xff;
                case 2 -> m.readShort(ptr) & 0xffff;
                default -> m.readInt(ptr);
            };
            case Own o -> cx.resources().take(m.readInt(ptr), o.resource());
            case Borrow b -> cx.resources().lend(m.readInt(ptr), b.resource());
        };
    }

    private static String loadString(AbiContext cx, int ptr, int taggedUnits) {
        boolean utf16 = switch (cx.encoding()) {
            case UTF8 -> false;
            case UTF16 -> true;
            case LATIN1_UTF16 -> (taggedUnits & 0x8000_0000) != 0;
        };
        long units = Integer.toUnsignedLong(taggedUnits & (cx.encoding() == StringEncoding.LATIN1_UTF16 ? 0x7fff_ffff : -1));
        long byteLength = utf16 ? 2 * units : units;
        if (byteLength > MAX_BYTE_LENGTH) {
            throw new TrapException("string of " + byteLength + " bytes is too long");
        }
        cx.check(ptr, cx.encoding() == StringEncoding.UTF8 ? 1 : 2, byteLength);
        cx.copies().take(byteLength);
        byte[] bytes = cx.memory().readBytes(ptr, (int) byteLength);
        if (cx.encoding() == StringEncoding.LATIN1_UTF16 && !utf16) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        var decoder = (utf16 ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_8).newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new TrapException("string is not valid " + (utf16 ? "UTF-16" : "UTF-8"));
        }
    }

    private static Object loadList(AbiContext cx, int ptr, int length, WitType element) {
        long byteLength = Integer.toUnsignedLong(length) * Layout.size(element);
        if (byteLength > MAX_BYTE_LENGTH) {
            throw new TrapException("list of " + byteLength + " bytes is too long");
        }
        cx.check(ptr, Layout.alignment(element), byteLength);
        if (element == Primitive.U8) {
            cx.copies().take(byteLength);
            return cx.memory().readBytes(ptr, length);
        }
        int size = Layout.size(element);
        cx.copies().take(Integer.toUnsignedLong(length) * 16); // a Java object per element, at least
        var values = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            values.add(load(cx, ptr + i * size, element));
        }
        return values;
    }

    private static int checkChar(int codePoint) {
        if (codePoint < 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
            throw new TrapException("char " + Integer.toUnsignedString(codePoint) + " is not a Unicode scalar value");
        }
        return codePoint;
    }

    // ---- storing into memory ----

    public static void store(AbiContext cx, Object value, WitType type, int ptr) {
        var m = cx.memory();
        cx.check(ptr, Layout.alignment(type), Layout.size(type));
        switch (type) {
            case Primitive p -> {
                switch (p) {
                    case BOOL -> m.writeByte(ptr, (byte) (((Boolean) value) ? 1 : 0));
                    case S8, U8 -> m.writeByte(ptr, (byte) intOf(value));
                    case S16, U16 -> m.writeShort(ptr, (short) intOf(value));
                    case S32, U32 -> m.writeI32(ptr, intOf(value));
                    case CHAR -> m.writeI32(ptr, checkChar(intOf(value)));
                    case S64, U64 -> m.writeLong(ptr, ((Number) value).longValue());
                    case F32 -> m.writeF32(ptr, ((Number) value).floatValue());
                    case F64 -> m.writeF64(ptr, ((Number) value).doubleValue());
                    case STRING -> {
                        long range = storeString(cx, (String) value);
                        m.writeI32(ptr, (int) (range >>> 32));
                        m.writeI32(ptr + 4, (int) range);
                    }
                }
            }
            case ListOf l -> {
                long range = storeList(cx, value, l.element());
                m.writeI32(ptr, (int) (range >>> 32));
                m.writeI32(ptr + 4, (int) range);
            }
            case RecordOf r -> {
                var values = (Object[]) value;
                int offset = ptr;
                for (int i = 0; i < values.length; i++) {
                    var field = r.fields().get(i);
                    offset = Layout.alignTo(offset, Layout.alignment(field));
                    store(cx, values[i], field, offset);
                    offset += Layout.size(field);
                }
            }
            case VariantOf v -> {
                var c = (Case) value;
                int index = v.indexOf(c.label());
                switch (Layout.discriminant(v)) {
                    case U8 -> m.writeByte(ptr, (byte) index);
                    case U16 -> m.writeShort(ptr, (short) index);
                    default -> m.writeI32(ptr, index);
                }
                var payload = v.payloads().get(index);
                if (payload != null) {
                    store(cx, c.value(), payload, ptr + Layout.payloadOffset(v));
                }
            }
            case FlagsOf f -> {
                switch (Layout.size(f)) {
                    case 1 -> m.writeByte(ptr, (byte) intOf(value));
                    case 2 -> m.writeShort(ptr, (short) intOf(value));
                    default -> m.writeI32(ptr, intOf(value));
                }
            }
            case Own o -> m.writeI32(ptr, cx.resources().add(o.resource(), value, true));
            case Borrow b -> m.writeI32(ptr, cx.resources().add(b.resource(), value, false));
        }
    }

    /** Copies a string into guest memory; the pointer in the high and the tagged length in the low 32 bits. */
    private static long storeString(AbiContext cx, String value) {
        byte[] bytes;
        int units;
        int alignment;
        switch (cx.encoding()) {
            case UTF8 -> {
                bytes = value.getBytes(StandardCharsets.UTF_8);
                units = bytes.length;
                alignment = 1;
            }
            case UTF16 -> {
                bytes = value.getBytes(StandardCharsets.UTF_16LE);
                units = bytes.length / 2;
                alignment = 2;
            }
            default -> {
                boolean latin1 = value.chars().allMatch(c -> c < 256);
                bytes = value.getBytes(latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_16LE);
                units = latin1 ? bytes.length : bytes.length / 2 | 0x8000_0000;
                alignment = 2;
            }
        }
        if (bytes.length > MAX_BYTE_LENGTH) {
            throw new TrapException("string of " + bytes.length + " bytes is too long to pass");
        }
        int ptr = cx.allocate(alignment, bytes.length);
        cx.memory().write(ptr, bytes);
        return (long) ptr << 32 | Integer.toUnsignedLong(units);
    }

    private static long storeList(AbiContext cx, Object value, WitType element) {
        if (value instanceof byte[] bytes) {
            int ptr = cx.allocate(1, bytes.length);
            cx.memory().write(ptr, bytes);
            return (long) ptr << 32 | bytes.length;
        }
        var values = (List<?>) value;
        int size = Layout.size(element);
        long byteLength = (long) values.size() * size;
        if (byteLength > MAX_BYTE_LENGTH) {
            throw new TrapException("list of " + byteLength + " bytes is too long to pass");
        }
        int ptr = cx.allocate(Layout.alignment(element), (int) byteLength);
        for (int i = 0; i < values.size(); i++) {
            store(cx, values.get(i), element, ptr + i * size);
        }
        return (long) ptr << 32 | values.size();
    }

    // ---- flat values ----

    /** Reads core values one at a time, coercing where variant payloads share a joined slot. */
    public static final class FlatReader {
        private final long[] values;
        private int next;

        public FlatReader(long[] values, int start) {
            this.values = values;
            this.next = start;
        }

        long take() {
            if (next >= values.length) {
                throw new TrapException("too few core values for the function's type");
            }
            return values[next++];
        }

        public int position() {
            return next;
        }
    }

    public static Object liftFlat(AbiContext cx, FlatReader in, WitType type) {
        return switch (type) {
            case Primitive p -> switch (p) {
                case BOOL -> (int) in.take() != 0;
                case S8 -> (int) (byte) in.take();
                case U8 -> (int) in.take() & 0xff;
                case S16 -> (int) (short) in.take();
                case U16 -> (int) in.take() & 0xffff;
                case S32, U32 -> (int) in.take();
                case CHAR -> checkChar((int) in.take());
                case S64, U64 -> in.take();
                case F32 -> Float.intBitsToFloat((int) in.take());
                case F64 -> Double.longBitsToDouble(in.take());
                case STRING -> loadString(cx, (int) in.take(), (int) in.take());
            };
            case ListOf l -> loadList(cx, (int) in.take(), (int) in.take(), l.element());
            case RecordOf r -> {
                var values = new Object[r.fields().size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = liftFlat(cx, in, r.fields().get(i));
                }
                yield values;
            }
            case VariantOf v -> liftVariant(cx, in, v);
            case FlagsOf f -> (int) in.take();
            case Own o -> cx.resources().take((int) in.take(), o.resource());
            case Borrow b -> cx.resources().lend((int) in.take(), b.resource());
        };
    }

    private static Case liftVariant(AbiContext cx, FlatReader in, VariantOf v) {
        int index = (int) in.take();
        if (Integer.compareUnsigned(index, v.labels().size()) >= 0) {
            throw new TrapException("variant case " + Integer.toUnsignedString(index) + " out of range");
        }
        var joined = Layout.variantPayload(v);
        long[] slots = new long[joined.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = in.take();
        }
        var payload = v.payloads().get(index);
        if (payload == null) {
            return new Case(v.labels().get(index), null);
        }
        // Joined i64 slots carry i32/f32/f64 payloads in their low bits; core values hold raw bits already.
        var own = new ArrayList<CoreType>();
        Layout.flatten(payload, own);
        long[] coerced = new long[own.size()];
        for (int i = 0; i < coerced.length; i++) {
            coerced[i] = switch (own.get(i)) {
                case I32, F32 -> slots[i] & 0xffff_ffffL;
                default -> slots[i];
            };
        }
        return new Case(v.labels().get(index), liftFlat(cx, new FlatReader(coerced, 0), payload));
    }

    public static void lowerFlat(AbiContext cx, Object value, WitType type, FlatWriter out) {
        switch (type) {
            case Primitive p -> {
                switch (p) {
                    case BOOL -> out.add(((Boolean) value) ? 1 : 0);
                    case S8, U8, S16, U16, S32, U32 -> out.add(intOf(value));
                    case CHAR -> out.add(checkChar(intOf(value)));
                    case S64, U64 -> out.add(((Number) value).longValue());
                    case F32 -> out.add(Float.floatToRawIntBits(((Number) value).floatValue()));
                    case F64 -> out.add(Double.doubleToRawLongBits(((Number) value).doubleValue()));
                    case STRING -> {
                        long range = storeString(cx, (String) value);
                        out.add((int) (range >>> 32));
                        out.add((int) range);
                    }
                }
            }
            case ListOf l -> {
                long range = storeList(cx, value, l.element());
                out.add((int) (range >>> 32));
                out.add((int) range);
            }
            case RecordOf r -> {
                var values = (Object[]) value;
                for (int i = 0; i < values.length; i++) {
                    lowerFlat(cx, values[i], r.fields().get(i), out);
                }
            }
            case VariantOf v -> {
                var c = (Case) value;
                int index = v.indexOf(c.label());
                out.add(index);
                int slots = Layout.variantPayload(v).size();
                int start = out.size();
                var payload = v.payloads().get(index);
                if (payload != null) {
                    lowerFlat(cx, c.value(), payload, out); // raw bits: f32/i32 in an i64 slot need no conversion
                }
                while (out.size() < start + slots) {
                    out.add(0);
                }
            }
            case FlagsOf f -> out.add(intOf(value));
            case Own o -> out.add(cx.resources().add(o.resource(), value, true));
            case Borrow b -> out.add(cx.resources().add(b.resource(), value, false));
        }
    }

    /** Core values being produced, as Chicory passes them: i32 and f32 as their 32 bits, zero-extended. */
    public static final class FlatWriter {
        private long[] values = new long[8];
        private int size;

        void add(int value) {
            add(Integer.toUnsignedLong(value));
        }

        void add(long value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int size() {
            return size;
        }

        public long[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }

    private static int intOf(Object value) {
        return value instanceof Boolean b ? (b ? 1 : 0) : ((Number) value).intValue();
    }
}
