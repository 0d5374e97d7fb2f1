package io.wasmhive.engine;

/** One HTTP header field; repeated names are repeated entries, in order. */
public record Header(String name, String value) {}
