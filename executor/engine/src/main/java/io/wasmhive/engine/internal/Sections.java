package io.wasmhive.engine.internal;

import java.util.ArrayList;
import java.util.List;

/** The top-level sections of a module or component, each checked to lie within the binary. */
public final class Sections {

    /**
     * @param id           the section id
     * @param start        offset of the id byte
     * @param contentStart offset of the first content byte
     * @param end          offset just past the content
     */
    public record Section(int id, int start, int contentStart, int end) {

        /** A reader over the section's content. */
        public BinaryReader content(byte[] binary, String what) {
            return new BinaryReader(binary, contentStart, end, what);
        }
    }

    private Sections() {}

    /** The sections after the 8-byte preamble; {@code what} names the binary in errors. */
    public static List<Section> of(byte[] binary, String what) {
        var in = new BinaryReader(binary, 8, binary.length, what);
        var sections = new ArrayList<Section>();
        while (in.hasMore()) {
            int start = in.position();
            int id = in.u8();
            int size = in.u32();
            int contentStart = in.position();
            if (Integer.toUnsignedLong(size) > binary.length - contentStart) {
                throw in.malformed("section " + id + " (starting at offset " + start + ") claims " + Integer.toUnsignedString(size)
                        + " bytes, but only " + (binary.length - contentStart) + " remain");
            }
            sections.add(new Section(id, start, contentStart, contentStart + size));
            in.seek(contentStart + size);
        }
        return sections;
    }
}
