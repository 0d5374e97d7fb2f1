package io.wasmhive.engine.component;

import io.wasmhive.engine.internal.BinaryReader;
import io.wasmhive.engine.internal.Sections;
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
        var names = new ArrayList<String>();
        for (var section : Sections.of(component, "component")) {
            if (section.id() == EXPORT_SECTION) {
                readExports(section.content(component, "component"), names);
            }
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
        if (kind > 0x02) {
            throw reader.malformed("unknown export name kind 0x" + Integer.toHexString(kind));
        }
        int length = reader.u32();
        String name = new String(reader.bytes(length), StandardCharsets.UTF_8);
        if (kind == 0x02) { // attributes: implements, version suffix, external id; each a kind and a string
            int attributes = reader.count();
            for (int i = 0; i < attributes; i++) {
                reader.u8();
                reader.skip(reader.u32());
            }
        }
        return name;
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
