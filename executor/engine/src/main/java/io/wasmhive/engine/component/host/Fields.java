package io.wasmhive.engine.component.host;

import io.wasmhive.engine.component.abi.Case;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code wasi:http/types.fields}: header or trailer fields in order, names compared without case,
 * values as bytes. Fields handed out as a request's or response's headers are immutable.
 */
final class Fields {

    /** Hop-by-hop fields a guest may not set: the host owns the connection. */
    private static final Set<String> FORBIDDEN = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade", "http2-settings");
    static final int MAX_ENTRIES = 1024;
    /** The most bytes of names and values one set of fields holds. */
    static final int MAX_BYTES = 1 << 20;

    record Entry(String name, byte[] value) {}

    private final List<Entry> entries;
    private final boolean immutable;

    Fields(List<Entry> entries, boolean immutable) {
        this.entries = new ArrayList<>(entries);
        this.immutable = immutable;
    }

    static Fields empty() {
        return new Fields(List.of(), false);
    }

    List<Entry> entries() {
        return entries;
    }

    Fields immutableCopy() {
        return new Fields(entries, true);
    }

    /** {@code from-list}: every entry validated, or the first problem. */
    static Case fromList(List<?> list) {
        var fields = empty();
        for (Object item : list) {
            var pair = (Object[]) item;
            var appended = fields.append((String) pair[0], (byte[]) pair[1]);
            if (!appended.is("ok")) {
                return appended;
            }
        }
        return Case.ok(fields);
    }

    List<byte[]> get(String name) {
        var values = new ArrayList<byte[]>();
        for (var entry : entries) {
            if (entry.name.equalsIgnoreCase(name)) {
                values.add(entry.value);
            }
        }
        return values;
    }

    boolean has(String name) {
        return entries.stream().anyMatch(e -> e.name.equalsIgnoreCase(name));
    }

    Case set(String name, List<?> values) {
        var problem = check(name);
        if (problem != null) {
            return problem;
        }
        long added = 0;
        for (Object value : values) {
            if (!validValue((byte[]) value)) {
                return headerError("invalid-syntax");
            }
            added += name.length() + ((byte[]) value).length;
        }
        var others = entries.stream().filter(e -> !e.name.equalsIgnoreCase(name)).toList();
        if (others.size() + values.size() > MAX_ENTRIES || bytes(others) + added > MAX_BYTES) {
            return headerError("forbidden");
        }
        entries.clear();
        entries.addAll(others);
        for (Object value : values) {
            entries.add(new Entry(name.toLowerCase(Locale.ROOT), (byte[]) value));
        }
        return Case.ok(null);
    }

    Case delete(String name) {
        var problem = check(name);
        if (problem != null) {
            return problem;
        }
        entries.removeIf(e -> e.name.equalsIgnoreCase(name));
        return Case.ok(null);
    }

    Case append(String name, byte[] value) {
        var problem = check(name);
        if (problem != null) {
            return problem;
        }
        if (!validValue(value)) {
            return headerError("invalid-syntax");
        }
        if (entries.size() >= MAX_ENTRIES || bytes(entries) + name.length() + value.length > MAX_BYTES) {
            return headerError("forbidden");
        }
        entries.add(new Entry(name.toLowerCase(Locale.ROOT), value));
        return Case.ok(null);
    }

    List<Object[]> list() {
        var list = new ArrayList<Object[]>(entries.size());
        for (var entry : entries) {
            list.add(new Object[] {entry.name, entry.value});
        }
        return list;
    }

    private Case check(String name) {
        if (immutable) {
            return headerError("immutable");
        }
        if (!validName(name)) {
            return headerError("invalid-syntax");
        }
        if (FORBIDDEN.contains(name.toLowerCase(Locale.ROOT))) {
            return headerError("forbidden");
        }
        return null;
    }

    private static long bytes(List<Entry> entries) {
        long bytes = 0;
        for (var entry : entries) {
            bytes += entry.name.length() + entry.value.length;
        }
        return bytes;
    }

    private static Case headerError(String label) {
        return Case.error(new Case(label, null));
    }

    /** An RFC 9110 token. */
    static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                return false;
            }
        }
        return true;
    }

    /** No control characters but tab, and no surrounding whitespace to be stripped. */
    static boolean validValue(byte[] value) {
        for (byte b : value) {
            int c = b & 0xff;
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** The value as the HTTP layer carries it: one byte per char. */
    static String text(byte[] value) {
        return new String(value, StandardCharsets.ISO_8859_1);
    }
}
