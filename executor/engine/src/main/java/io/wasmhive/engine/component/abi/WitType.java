package io.wasmhive.engine.component.abi;

import java.util.List;

/**
 * A component-model value type, already despecialized the way the canonical ABI sees it: tuples
 * are records, and enums, options and results are variants with their conventional case labels.
 * Types are equal when they are structurally equal (labels and types in order, host resources by
 * name), which is what lets the host compare a component's imports with the WIT it implements;
 * {@code toString} writes them in WIT syntax, for messages.
 */
public sealed interface WitType {

    enum Primitive implements WitType {
        BOOL, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, CHAR, STRING;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record ListOf(WitType element) implements WitType {

        @Override
        public String toString() {
            return "list<" + element + ">";
        }
    }

    /**
     * A record or a tuple; values are {@code Object[]} in field order. Its layout is computed once,
     * here, because lifting and lowering ask for it on every value.
     */
    final class RecordOf implements WitType {
        private final List<String> labels;
        private final List<WitType> fields;
        final int size;
        final int alignment;
        final List<CoreType> flat;

        public RecordOf(List<String> labels, List<WitType> fields) {
            if (fields.isEmpty()) {
                throw new io.wasmhive.engine.InvalidModuleException("a record or tuple must have at least one field");
            }
            this.labels = List.copyOf(labels);
            this.fields = List.copyOf(fields);
            this.alignment = Layout.recordAlignment(this.fields);
            this.size = Layout.checkedSize(Layout.recordSize(this.fields, alignment));
            this.flat = Layout.bounded(Layout.flatten(this.fields));
        }

        public static RecordOf tuple(List<WitType> fields) {
            return new RecordOf(positions(fields.size()), fields);
        }

        /** A tuple's labels: "0", "1", … */
        private static List<String> positions(int count) {
            return java.util.stream.IntStream.range(0, count).mapToObj(Integer::toString).toList();
        }

        public List<String> labels() {
            return labels;
        }

        public List<WitType> fields() {
            return fields;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RecordOf record && labels.equals(record.labels) && fields.equals(record.fields);
        }

        @Override
        public int hashCode() {
            return labels.hashCode() * 31 + fields.hashCode();
        }

        @Override
        public String toString() {
            if (labels.equals(positions(fields.size()))) {
                return "tuple<" + String.join(", ", fields.stream().map(String::valueOf).toList()) + ">";
            }
            var text = new java.util.StringJoiner(", ", "record {", "}");
            for (int i = 0; i < labels.size(); i++) {
                text.add(labels.get(i) + ": " + fields.get(i));
            }
            return text.toString();
        }
    }

    /**
     * A variant, enum, option or result; values are {@link Case}s. A case without payload has a
     * null type. Its layout is computed once, here.
     */
    final class VariantOf implements WitType {
        private final List<String> labels;
        private final List<WitType> payloads;
        private final java.util.Map<String, Integer> indexes = new java.util.HashMap<>();
        final Primitive discriminant;
        final int payloadOffset;
        final int size;
        final int alignment;
        /** The joined flat types of the payloads, without the discriminant. */
        final List<CoreType> payloadFlat;

        public VariantOf(List<String> labels, List<WitType> payloads) {
            if (labels.isEmpty()) {
                throw new io.wasmhive.engine.InvalidModuleException("a variant or enum must have at least one case");
            }
            this.labels = List.copyOf(labels);
            this.payloads = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(payloads)); // nulls allowed
            for (int i = 0; i < this.labels.size(); i++) {
                indexes.put(this.labels.get(i), i);
            }
            this.discriminant = Layout.discriminant(this.labels.size());
            int caseAlignment = Layout.maxCaseAlignment(this.payloads);
            this.alignment = Math.max(Layout.alignment(discriminant), caseAlignment);
            this.payloadOffset = Layout.alignTo(Layout.size(discriminant), caseAlignment);
            this.size = Layout.checkedSize(Layout.alignTo(payloadOffset + Layout.maxCaseSize(this.payloads), alignment));
            this.payloadFlat = Layout.bounded(Layout.joinPayloads(this.payloads));
        }

        public static VariantOf enumOf(List<String> labels) {
            return new VariantOf(labels, java.util.Collections.nCopies(labels.size(), null));
        }

        public static VariantOf option(WitType some) {
            return new VariantOf(List.of("none", "some"), java.util.Arrays.asList(null, some));
        }

        public static VariantOf result(WitType ok, WitType error) {
            return new VariantOf(List.of("ok", "error"), java.util.Arrays.asList(ok, error));
        }

        public List<String> labels() {
            return labels;
        }

        public List<WitType> payloads() {
            return payloads;
        }

        public int indexOf(String label) {
            Integer index = indexes.get(label);
            if (index == null) {
                throw new IllegalArgumentException("no case " + label + " in " + labels);
            }
            return index;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof VariantOf variant && labels.equals(variant.labels) && payloads.equals(variant.payloads);
        }

        @Override
        public int hashCode() {
            return labels.hashCode() * 31 + payloads.hashCode();
        }

        /** As the WIT would write it, specialized again where the labels say it is an option or a result. */
        @Override
        public String toString() {
            if (labels.equals(List.of("none", "some")) && payloads.get(0) == null) {
                return "option<" + payloads.get(1) + ">";
            }
            if (labels.equals(List.of("ok", "error"))) {
                WitType ok = payloads.get(0);
                WitType error = payloads.get(1);
                return error != null ? "result<" + (ok == null ? "_" : ok) + ", " + error + ">"
                        : ok != null ? "result<" + ok + ">" : "result";
            }
            boolean enumeration = payloads.stream().allMatch(java.util.Objects::isNull);
            var text = new java.util.StringJoiner(", ", enumeration ? "enum {" : "variant {", "}");
            for (int i = 0; i < labels.size(); i++) {
                text.add(payloads.get(i) == null ? labels.get(i) : labels.get(i) + "(" + payloads.get(i) + ")");
            }
            return text.toString();
        }
    }

    /** Flags; values are {@code Integer} bit sets, bit i for label i (at most 32 labels). */
    record FlagsOf(List<String> labels) implements WitType {

        public FlagsOf {
            labels = List.copyOf(labels);
        }

        @Override
        public String toString() {
            return "flags {" + String.join(", ", labels) + "}";
        }
    }

    record Own(ResourceType resource) implements WitType {

        @Override
        public String toString() {
            return "own<" + resource + ">";
        }
    }

    record Borrow(ResourceType resource) implements WitType {

        @Override
        public String toString() {
            return "borrow<" + resource + ">";
        }
    }
}
