package io.wasmhive.engine.component.binary;

import java.util.List;

/** A parsed component: its definitions in order. Nested components are definitions too. */
public record Component(List<Definition> definitions) {

    public Component {
        definitions = List.copyOf(definitions);
    }
}
