package io.wasmhive.engine.component.abi;

/**
 * A resource type. Host resources are named by interface and resource without version
 * ({@code wasi:io/streams/input-stream}), so that handles flow between the 0.2.x versions a guest
 * imports side by side; guest-defined resources are each a fresh type.
 */
public final class ResourceType {

    private final String name;
    private final boolean componentDefined;

    private ResourceType(String name, boolean componentDefined) {
        this.name = name;
        this.componentDefined = componentDefined;
    }

    /** A resource the host implements. */
    public static ResourceType host(String name) {
        return new ResourceType(name, false);
    }

    /** A resource the component defines itself: only it may make or read its handles' representations. */
    public static ResourceType componentDefined(String name) {
        return new ResourceType(name, true);
    }

    public String name() {
        return name;
    }

    public boolean componentDefined() {
        return componentDefined;
    }

    /** Host resources are the same type wherever they are named; each component-defined one is its own. */
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof ResourceType type && !componentDefined && !type.componentDefined
                && name.equals(type.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
