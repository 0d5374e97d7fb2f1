package io.wasmhive.engine.component.link;

import io.wasmhive.engine.InvalidModuleException;
import io.wasmhive.engine.component.binary.Sort;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The index spaces of one component (or component or instance type) while it is being
 * instantiated, built up definition by definition; {@code outer} is the enclosing scope that
 * outer aliases reach.
 */
final class Scope {

    private final Scope outer;
    private final Map<Sort, List<Object>> spaces = new EnumMap<>(Sort.class);

    Scope(Scope outer) {
        this.outer = outer;
    }

    void add(Sort sort, Object item) {
        spaces.computeIfAbsent(sort, s -> new ArrayList<>()).add(item);
    }

    Object get(Sort sort, int index) {
        var space = spaces.getOrDefault(sort, List.of());
        if (index < 0 || index >= space.size()) {
            throw new InvalidModuleException("the component refers to " + sort.name().toLowerCase().replace('_', ' ')
                    + " " + Integer.toUnsignedString(index) + ", but only " + space.size() + " are defined at that point");
        }
        return space.get(index);
    }

    <T> T get(Sort sort, int index, Class<T> kind) {
        Object item = get(sort, index);
        if (!kind.isInstance(item)) {
            throw new InvalidModuleException("the component uses " + sort.name().toLowerCase().replace('_', ' ') + " "
                    + index + " as a " + kind.getSimpleName() + ", but it is " + describe(item));
        }
        return kind.cast(item);
    }

    Object outer(int count, Sort sort, int index) {
        Scope target = this;
        for (int i = 0; i < count; i++) {
            if (target.outer == null) {
                throw new InvalidModuleException("an outer alias reaches " + count + " scopes out, past the outermost");
            }
            target = target.outer;
        }
        return target.get(sort, index);
    }

    private static String describe(Object item) {
        return item == null ? "nothing" : item.getClass().getSimpleName();
    }
}
