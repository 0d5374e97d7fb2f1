package io.wasmhive.engine.component.host;

import com.dylibso.chicory.wasi.WasiExitException;
import io.wasmhive.engine.component.abi.Case;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.TreeMap;

/**
 * {@code wasi:cli}: stdin is empty, stdout and stderr go to the function's log, the environment
 * is the function's configured variables only, and there is no terminal.
 */
final class Cli {

    private Cli() {}

    static void register(Registry r) {
        r.in("wasi:cli/environment")
                .add("get-environment", "func() -> list<tuple<string, string>>", (s, a) -> {
                    var pairs = new ArrayList<Object[]>();
                    new TreeMap<>(s.env).forEach((k, v) -> pairs.add(new Object[] {k, v}));
                    return pairs;
                })
                .add("get-arguments", "func() -> list<string>", (s, a) -> new ArrayList<>())
                .add("initial-cwd", "func() -> option<string>", (s, a) -> Case.NONE);
        r.in("wasi:cli/exit")
                .add("exit", "func(status: result)", (s, a) -> {
                    throw new WasiExitException(((Case) a[0]).is("ok") ? 0 : 1);
                })
                .add("exit-with-code", "func(status-code: u8)", (s, a) -> {
                    throw new WasiExitException((Integer) a[0]);
                });
        r.in("wasi:cli/stdin", "use wasi:io/streams.{input-stream};")
                .add("get-stdin", "func() -> input-stream",
                        (s, a) -> new Streams.Input(Streams.sourceOf(InputStream.nullInputStream())));
        r.in("wasi:cli/stdout", "use wasi:io/streams.{output-stream};")
                .add("get-stdout", "func() -> output-stream", (s, a) -> new Streams.Output(Streams.sinkOf(s.log)));
        r.in("wasi:cli/stderr", "use wasi:io/streams.{output-stream};")
                .add("get-stderr", "func() -> output-stream", (s, a) -> new Streams.Output(Streams.sinkOf(s.log)));
        r.in("wasi:cli/terminal-input", "resource terminal-input;");
        r.in("wasi:cli/terminal-output", "resource terminal-output;");
        r.in("wasi:cli/terminal-stdin", "use wasi:cli/terminal-input.{terminal-input};")
                .add("get-terminal-stdin", "func() -> option<terminal-input>", (s, a) -> Case.NONE);
        r.in("wasi:cli/terminal-stdout", "use wasi:cli/terminal-output.{terminal-output};")
                .add("get-terminal-stdout", "func() -> option<terminal-output>", (s, a) -> Case.NONE);
        r.in("wasi:cli/terminal-stderr", "use wasi:cli/terminal-output.{terminal-output};")
                .add("get-terminal-stderr", "func() -> option<terminal-output>", (s, a) -> Case.NONE);
    }
}
