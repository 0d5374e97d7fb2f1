package io.wasmhive.engine;

/**
 * What one request used.
 *
 * @param fuel               fuel used (the whole budget when it ran out)
 * @param memoryBytes        linear memory at the end, which is its peak: memory never shrinks
 * @param instantiationNanos time spent creating the instance before the guest ran
 */
public record ResourceUsage(long fuel, long memoryBytes, long instantiationNanos) {

    public static final ResourceUsage NONE = new ResourceUsage(0, 0, 0);
}
