package io.wasmhive.engine.component.binary;

import io.wasmhive.engine.component.abi.StringEncoding;

/** The options of a canon lift or lower; absent indices are -1. */
public record CanonOptions(StringEncoding encoding, int memory, int realloc, int postReturn) {}
