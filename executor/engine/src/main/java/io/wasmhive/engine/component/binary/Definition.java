package io.wasmhive.engine.component.binary;

import java.util.List;

/** One definition of a component, in binary order; each adds to one of the index spaces. */
public sealed interface Definition {

    /** An embedded core module; {@code offset} is where it starts in the component, for errors. */
    record CoreModule(byte[] bytes, int offset) implements Definition {}

    record CoreInstantiate(int module, List<Arg> args) implements Definition {
        public record Arg(String name, int instance) {}
    }

    record CoreInlineInstance(List<Export> exports) implements Definition {
        public record Export(String name, Sort sort, int index) {}
    }

    record CoreType() implements Definition {}

    record NestedComponent(Component component) implements Definition {}

    record Instantiate(int component, List<Arg> args) implements Definition {
        public record Arg(String name, Sort sort, int index) {}
    }

    record InlineInstance(List<Export> exports) implements Definition {
        public record Export(String name, Sort sort, int index) {}
    }

    /** An alias of an instance's or core instance's export, or of an outer scope's definition. */
    sealed interface Alias extends Definition {
        Sort sort();
    }

    record ExportAlias(Sort sort, int instance, String name) implements Alias {}

    record CoreExportAlias(Sort sort, int coreInstance, String name) implements Alias {}

    record OuterAlias(Sort sort, int count, int index) implements Alias {}

    record Type(TypeExpr type) implements Definition {}

    /** A canonical built-in; options apply to lift and lower. */
    sealed interface Canon extends Definition {}

    record Lift(int coreFunc, CanonOptions options, int type) implements Canon {}

    record Lower(int func, CanonOptions options) implements Canon {}

    record ResourceNew(int type) implements Canon {}

    record ResourceDrop(int type) implements Canon {}

    record ResourceRep(int type) implements Canon {}

    record Import(String name, TypeExpr.ExternDesc desc) implements Definition {}

    record Export(String name, Sort sort, int index) implements Definition {}
}
