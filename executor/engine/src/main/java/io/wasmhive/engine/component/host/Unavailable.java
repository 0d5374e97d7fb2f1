package io.wasmhive.engine.component.host;

import com.dylibso.chicory.runtime.TrapException;
import io.wasmhive.engine.component.abi.Case;
import io.wasmhive.engine.component.abi.FuncType;
import io.wasmhive.engine.component.abi.WitType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Interfaces outside {@code wasi:http/proxy} that toolchains import anyway (the preview 1 adapter
 * brings in filesystem and sockets): a function has no files and no sockets. Calls that can fail
 * fail with the interface's own "access denied" error; the rest trap with a clear message.
 */
final class Unavailable {

    private static final Set<String> INTERFACES = Set.of("wasi:filesystem/types", "wasi:filesystem/preopens",
            "wasi:sockets/network", "wasi:sockets/instance-network", "wasi:sockets/udp", "wasi:sockets/udp-create-socket",
            "wasi:sockets/tcp", "wasi:sockets/tcp-create-socket", "wasi:sockets/ip-name-lookup");
    private static final List<String> DENIALS = List.of("access", "access-denied", "not-supported", "unsupported");

    private Unavailable() {}

    static void register(Registry r) {
        r.in("wasi:filesystem/types", """
                        use wasi:io/error.{error};
                        resource descriptor;
                        enum error-code {
                            access, would-block, already, bad-descriptor, busy, deadlock, quota, exist, file-too-large,
                            illegal-byte-sequence, in-progress, interrupted, invalid, io, is-directory, loop, too-many-links,
                            message-size, name-too-long, no-device, no-entry, no-lock, insufficient-memory, insufficient-space,
                            not-directory, not-empty, not-recoverable, unsupported, no-tty, no-such-device, overflow,
                            not-permitted, pipe, read-only, invalid-seek, text-file-busy, cross-device
                        }
                        """)
                .add("filesystem-error-code", "func(err: borrow<error>) -> option<error-code>", (s, a) -> Case.NONE);
        r.in("wasi:filesystem/preopens", "use wasi:filesystem/types.{descriptor};")
                .add("get-directories", "func() -> list<tuple<descriptor, string>>", (s, a) -> new ArrayList<>());
        r.in("wasi:sockets/network", "resource network;");
        r.in("wasi:sockets/instance-network", "use wasi:sockets/network.{network};")
                .add("instance-network", "func() -> network", (s, a) -> new Object());
    }

    static boolean covers(String interfaceName) {
        return INTERFACES.contains(interfaceName);
    }

    /** A denying stand-in for {@code function}, or null when the interface is not one of these. */
    static HostFunction function(String interfaceName, String function, FuncType type) {
        if (!covers(interfaceName)) {
            return null;
        }
        if (type.result() instanceof WitType.VariantOf result && result.labels().equals(List.of("ok", "error"))
                && result.payloads().get(1) instanceof WitType.VariantOf error) {
            for (String denial : DENIALS) {
                if (error.labels().contains(denial)) {
                    Case denied = Case.error(new Case(denial, null));
                    return (s, a) -> denied;
                }
            }
        }
        return (s, a) -> {
            throw new TrapException(interfaceName + "#" + function + " is not available to functions: they have no files or sockets");
        };
    }
}
