package io.wasmhive.engine.fuel;

/**
 * What things cost in fuel. One unit is roughly one executed wasm instruction; work whose size is
 * only known at run time is charged by that size, so a single instruction cannot do unbounded
 * work for a constant price.
 */
public final class FuelCosts {

    /** Every instruction. */
    public static final long INSTRUCTION = 1;
    /** {@code memory.grow}: a page is 64 KiB zeroed, charged like filling it ({@code pages << 10}). */
    public static final int GROW_PAGE_SHIFT = 10;
    /** {@code memory.copy/fill/init}: one unit per 64 bytes ({@code bytes >> 6}). */
    public static final int BULK_BYTE_SHIFT = 6;
    /** A call into the host (WASI, wasi-http): the host does real work on the guest's behalf. */
    public static final long HOST_CALL = 100;

    private FuelCosts() {}
}
