package io.wasmhive.engine.component.abi;

/** How a core module represents strings in its memory, chosen per canon lift or lower. */
public enum StringEncoding { UTF8, UTF16, LATIN1_UTF16 }
