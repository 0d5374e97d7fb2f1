package io.wasmhive.engine.component.host;

import io.wasmhive.engine.ExecutionLimits;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.RequestBody;
import io.wasmhive.engine.ResponseStream;
import io.wasmhive.engine.component.abi.FuncType;
import io.wasmhive.engine.component.abi.HostCall;
import io.wasmhive.engine.component.abi.ResourceTable;
import io.wasmhive.engine.component.link.HostImports;
import io.wasmhive.engine.internal.BoundedOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The WASI world of one request: the interfaces of {@code wasi:http/proxy} bound to this
 * request, its response, its environment and its output. Not shared between requests.
 */
public final class WasiSession implements HostImports, AutoCloseable {

    private static final Registry REGISTRY = new Registry();

    static {
        // an interface is registered after those whose types it uses
        Streams.register(REGISTRY);
        ClocksAndRandom.register(REGISTRY);
        HttpTypes.register(REGISTRY);
        Outbound.register(REGISTRY);
        Cli.register(REGISTRY);
        Unavailable.register(REGISTRY);
    }

    /** The most handles a request may hold at once. */
    public static final int MAX_HANDLES = 10_000;

    final GuestRequest request;
    final Map<String, String> env;
    final ExecutionLimits limits;
    final OutboundPolicy outbound;
    final ResponseState response;
    /** stdout and stderr together, in the order written: the function's log. */
    final BoundedOutputStream log;
    final long startedNanos = System.nanoTime();
    /** What outbound calls hold until the request ends. */
    private final List<Runnable> releases = new ArrayList<>();
    private final ResourceTable resources = new ResourceTable(MAX_HANDLES);
    int outboundCalls;

    public WasiSession(GuestRequest request, Map<String, String> env, ExecutionLimits limits, ResponseStream stream) {
        this.request = request;
        this.env = env;
        this.limits = limits;
        this.outbound = OutboundPolicy.of(limits);
        this.response = new ResponseState(limits.maxOutputBytes(), stream);
        this.log = BoundedOutputStream.truncatingAfter(limits.maxStderrBytes());
    }

    /** Whether the host provides a function, for checking a component's imports at upload. */
    public static boolean provides(String interfaceName, String function) {
        return REGISTRY.get(interfaceName, function) != null || Unavailable.covers(interfaceName);
    }

    /**
     * The WIT type of a function the host implements, which the type a component declares for the
     * import must equal; null when the host does not provide it or takes any type (the stand-ins
     * for interfaces outside the proxy world read no arguments and answer in the declared type).
     */
    public static FuncType typeOf(String interfaceName, String function) {
        var implemented = REGISTRY.get(interfaceName, function);
        return implemented == null ? null : implemented.type();
    }

    @Override
    public FuncType implementedType(String interfaceName, String function) {
        return typeOf(interfaceName, function);
    }

    @Override
    public HostCall function(String interfaceName, String function, FuncType type) {
        var implemented = REGISTRY.get(interfaceName, function);
        HostFunction host = implemented != null ? implemented.function() : Unavailable.function(interfaceName, function, type);
        return host == null ? null : args -> host.call(this, args);
    }

    @Override
    public ResourceTable resources() {
        return resources;
    }

    /** The request as the guest's handler receives it: an {@code incoming-request} resource. */
    public Object incomingRequest() {
        return HttpTypes.incomingRequest(this);
    }

    /** Where the guest's handler puts its response: a {@code response-outparam} resource. */
    public Object responseOutparam() {
        return new HttpTypes.ResponseOutparam();
    }

    public ResponseState response() {
        return response;
    }

    /** Time left before the request's timeout; a guest waiting in the host waits no longer. */
    long remainingNanos() {
        return startedNanos + limits.timeout().toNanos() - System.nanoTime();
    }

    /** Something to release when the request ends: an outbound call's connection, its unfinished body. */
    void atClose(Runnable release) {
        releases.add(release);
    }

    /**
     * Releases what the request still holds: outbound responses the guest did not read to the end,
     * outbound bodies it did not finish, the request body's reader.
     */
    @Override
    public void close() {
        if (request.body() instanceof RequestBody.Streaming body) {
            body.stop(); // nothing reads it any more; the caller waits for the reader
        }
        releases.forEach(Runnable::run);
    }

    /** What the guest wrote to stdout and stderr, bounded. */
    public io.wasmhive.engine.CapturedOutput log() {
        return log.captured();
    }
}
