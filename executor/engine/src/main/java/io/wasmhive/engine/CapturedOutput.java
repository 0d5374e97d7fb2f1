package io.wasmhive.engine;

import java.nio.charset.StandardCharsets;

/** Bytes a guest wrote to a log stream, cut at a limit. */
public record CapturedOutput(byte[] bytes, boolean truncated) {

    public static final CapturedOutput EMPTY = new CapturedOutput(new byte[0], false);

    /** The text, with a marker where it was cut. */
    public String text() {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return truncated ? text + "\n[truncated]" : text;
    }
}
