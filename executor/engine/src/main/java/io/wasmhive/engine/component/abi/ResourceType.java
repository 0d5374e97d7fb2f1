package io.wasmhive.engine.component.abi;

/**
 * A resource type. Host resources are named by interface and resource without version
 * ({@code wasi:io/streams/input-stream}), so that handles flow between the 0.2.x versions a guest
 * imports side by side; guest-defined resources are each a fresh type.
 */
public final class ResourceType {

    private final String name;

    public ResourceType(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
