package io.wasmhive.engine;

import java.util.OptionalLong;

/**
 * What upload validation learned about a binary.
 *
 * @param abi                   how the guest talks HTTP
 * @param initialMemoryBytes    linear memory the guest needs to start (0 for none)
 * @param declaredMaxMemoryBytes the module's own memory maximum, if it declares one
 */
public record ModuleInfo(Abi abi, long initialMemoryBytes, OptionalLong declaredMaxMemoryBytes) {}
