package io.wasmhive.engine.component.abi;

/**
 * The value of a variant, enum, option or result: its case, by label, and the payload (null when
 * the case has none). Lowering finds the case by label, so host code does not depend on the order
 * a particular interface version gives its cases.
 */
public record Case(String label, Object value) {

    public static final Case NONE = new Case("none", null);

    public static Case some(Object value) {
        return new Case("some", value);
    }

    public static Case ok(Object value) {
        return new Case("ok", value);
    }

    public static Case error(Object value) {
        return new Case("error", value);
    }

    /** The payload of an option: null for none. */
    public static Object optional(Object option) {
        var c = (Case) option;
        return c.label.equals("some") ? c.value : null;
    }

    public static Case ofNullable(Object value) {
        return value == null ? NONE : some(value);
    }

    public boolean is(String label) {
        return this.label.equals(label);
    }
}
