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
                .add("get-environment", (s, a) -> {
                    var pairs = new ArrayList<Object[]>();
                    new TreeMap<>(s.env).forEach((k, v) -> pairs.add(new Object[] {k, v}));
                    return pairs;
                })
                .add("get-arguments", (s, a) -> new ArrayList<>())
                .add("initial-cwd", (s, a) -> Case.NONE);
        r.in("wasi:cli/exit")
                .add("exit", (s, a) -> {
                    throw new WasiExitException(((Case) a[0]).is("ok") ? 0 : 1);
                })
                .add("exit-with-code", (s, a) -> {
                    throw new WasiExitException((Integer) a[0]);
                });
        r.in("wasi:cli/stdin").add("get-stdin", (s, a) -> new Streams.Input(Streams.sourceOf(InputStream.nullInputStream())));
        r.in("wasi:cli/stdout").add("get-stdout", (s, a) -> new Streams.Output(Streams.sinkOf(s.log)));
        r.in("wasi:cli/stderr").add("get-stderr", (s, a) -> new Streams.Output(Streams.sinkOf(s.log)));
        r.in("wasi:cli/terminal-stdin").add("get-terminal-stdin", (s, a) -> Case.NONE);
        r.in("wasi:cli/terminal-stdout").add("get-terminal-stdout", (s, a) -> Case.NONE);
        r.in("wasi:cli/terminal-stderr").add("get-terminal-stderr", (s, a) -> Case.NONE);
    }
}
