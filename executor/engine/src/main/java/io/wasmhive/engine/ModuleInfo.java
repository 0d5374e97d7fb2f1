package io.wasmhive.engine;

/**
 * What upload validation learned about a binary.
 *
 * @param abi                how the guest talks HTTP
 * @param initialMemoryBytes linear memory the guest needs to start (0 for none)
 */
public record ModuleInfo(Abi abi, long initialMemoryBytes) {}
