package io.wasmhive.engine.component;

import io.wasmhive.engine.InvalidModuleException;
import io.wasmhive.engine.internal.BinaryReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the names a component exports from its top-level export sections, walking the other
 * sections by their sizes. Enough to recognise a wasi-http component at upload; it does not
 * validate the rest of the component.
 */
public final class ComponentExports {

    private static final int EXPORT_SECTION = 11;

    private ComponentExports() {}

    /** The export names, in order. The bytes must start with a component preamble. */
    public static List<String> read(byte[] component) {
        var reader = new BinaryReader(component, 8, component.length, "component");
        var names = new ArrayList<String>();
        while (reader.hasMore()) {
            int sectionStart = reader.position();
            int id = reader.u8();
            int size = reader.u32();
            int end = reader.position() + size;
            if (size < 0 || end > component.length || end < reader.position()) {
                throw new InvalidModuleException(
                        "malformed component: section " + id + " at offset " + sectionStart
                                + " claims " + Integer.toUnsignedString(size) + " bytes, but only "
                                + (component.length - reader.position()) + " remain");
            }
            if (id == EXPORT_SECTION) {
                readExports(new BinaryReader(component, reader.position(), end, "component"), names);
            }
            reader.seek(end);
        }
        return names;
    }

    private static void readExports(BinaryReader section, List<String> names) {
        int count = section.u32();
        for (int i = 0; i < count; i++) {
            names.add(readExternName(section));
            skipSortIndex(section);
            if (section.u8() == 0x01) {
                skipExternDesc(section);
            }
        }
    }

    private static String readExternName(BinaryReader reader) {
        int kind = reader.u8();
        if (kind != 0x00 && kind != 0x01) {
            throw reader.malformed("unknown export name kind 0x" + Integer.toHexString(kind));
        }
        int length = reader.u32();
        return new String(reader.bytes(length), StandardCharsets.UTF_8);
    }

    private static void skipSortIndex(BinaryReader reader) {
        if (reader.u8() == 0x00) {
            reader.u8(); // core sort
        }
        reader.u32();
    }

    private static void skipExternDesc(BinaryReader reader) {
        int kind = reader.u8();
        switch (kind) {
            case 0x00 -> {
                reader.u8(); // 0x11: core module
                reader.u32();
            }
            case 0x01, 0x04, 0x05 -> reader.u32();
            case 0x02 -> reader.s33(); // value type: primitive opcode or type index
            case 0x03 -> {
                if (reader.u8() == 0x00) {
                    reader.u32(); // eq bound
                }
            }
            default -> throw reader.malformed("unknown extern kind 0x" + Integer.toHexString(kind));
        }
    }
}
