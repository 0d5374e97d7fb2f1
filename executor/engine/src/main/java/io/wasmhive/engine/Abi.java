package io.wasmhive.engine;

/** How a guest talks HTTP: the interface between Wasmhive and the function's code. */
public enum Abi {
    /** A component exporting {@code wasi:http/incoming-handler@0.2.x}. */
    WASI_HTTP("wasi-http"),
    /** A WASI preview 1 core module exporting {@code _start}, speaking CGI (WAGI). */
    WAGI("wagi");

    private final String id;

    Abi(String id) {
        this.id = id;
    }

    /** The name used in the API and in storage. */
    public String id() {
        return id;
    }
}
