package io.wasmhive.executor.ingress;

import io.wasmhive.common.BoundedBody;
import io.wasmhive.engine.Abi;
import io.wasmhive.engine.Engine;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.GuestResponse;
import io.wasmhive.engine.Header;
import io.wasmhive.engine.RequestBody;
import io.wasmhive.engine.ResponseStream;
import io.wasmhive.executor.deployment.ActiveFunction;
import io.wasmhive.executor.deployment.DeploymentRegistry;
import io.wasmhive.executor.deployment.ModuleCache;
import io.wasmhive.executor.guard.TenantGuards;
import io.wasmhive.executor.invocation.InvocationRecorder;
import io.wasmhive.executor.problem.FunctionNotFoundException;
import io.wasmhive.executor.problem.RequestTooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code ANY /fn/{tenant}/{function}/**}: runs the active version in a fresh sandboxed instance. */
@RestController
class FunctionIngressController {

    /** Tells the caller what the request cost; useful when tuning a function's fuel limit. */
    static final String FUEL_HEADER = "Wasmhive-Fuel-Used";

    /**
     * How long a streaming request body may take to fill the engine's read-ahead (or end) before
     * its guest starts anyway: a small or fast body is whole before a guest worker is taken, a
     * client that sends a little and waits for an answer is not kept waiting.
     */
    static final Duration READ_AHEAD_WAIT = Duration.ofMillis(100);

    /** Connection-level fields the server sets itself; a guest's values for them are dropped. */
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "transfer-encoding", "content-length", "upgrade", "te", "trailer");

    private final DeploymentRegistry deployments;
    private final ModuleCache modules;
    private final Engine engine;
    private final InvocationRecorder recorder;
    private final TenantGuards guards;

    FunctionIngressController(DeploymentRegistry deployments, ModuleCache modules, Engine engine,
            InvocationRecorder recorder, TenantGuards guards) {
        this.guards = guards;
        this.deployments = deployments;
        this.modules = modules;
        this.engine = engine;
        this.recorder = recorder;
    }

    @RequestMapping({"/fn/{tenant}/{function}", "/fn/{tenant}/{function}/**"})
    ResponseEntity<byte[]> invoke(@PathVariable String tenant, @PathVariable String function, HttpServletRequest request,
            HttpServletResponse servletResponse) throws IOException {
        long started = recorder.started();
        ActiveFunction active = null;
        TenantGuards.Permit permit = null;
        RequestBody.Streaming streaming = null;
        GuestResponse response;
        var stream = new ServletResponseStream(servletResponse, request.getProtocol(),
                FunctionIngressController::writeGuestHeaders);
        try {
            try {
                active = deployments.find(tenant, function).orElseThrow(() -> new FunctionNotFoundException(tenant, function));
                permit = guards.admit(active);
                var executor = modules.executorFor(active);
                var body = requestBody(request, executor.abi(), active.maxRequestBodyBytes());
                if (body instanceof RequestBody.Streaming arriving) {
                    streaming = arriving;
                    stream.refuseHeadWhen(arriving::overLimit); // the client gets 413 instead
                }
                response = engine.invoke(active.tenant(), executor, guestRequest(request, body, tenant, function),
                        active.env(), active.limits(), stream);
            } catch (Throwable thrown) {
                stream.close();
                Throwable failure = clientsFault(thrown, streaming, active);
                if (permit != null) {
                    permit.failed(failure);
                }
                recorder.failed(active, request, failure, started);
                if (stream.committed()) {
                    request.setAttribute(AbortCommittedResponses.FAILED_AFTER_COMMIT, failure);
                    return null;
                }
                if (failure instanceof ResponseStream.ClientGoneException) {
                    return null; // no one is left to answer, and nothing failed but the connection
                }
                if (failure != thrown) {
                    throw (RuntimeException) failure;
                }
                throw thrown;
            }
            permit.succeeded();
            recorder.answered(active, request, response, started);
            if (stream.committed()) {
                // fuel is known only at the end, so a streamed response carries it as a trailer
                stream.finish(response.trailers(), new Header(FUEL_HEADER, Long.toString(response.usage().fuel())));
                return null;
            }
            return ResponseEntity.status(response.status()).headers(responseHeaders(response)).body(response.body());
        } finally {
            if (streaming != null) {
                streaming.close(); // the servlet's input stream is not touched once the request is over
            }
        }
    }

    /**
     * A guest that failed while its request body was failing failed because of the client: a
     * body over the limit is a 413 (or, once the response is out, is recorded as one), a client
     * gone mid-body is not the function's failure.
     */
    private static Throwable clientsFault(Throwable failure, RequestBody.Streaming body, ActiveFunction active) {
        if (body == null || body.failure() == null || !(failure instanceof RuntimeException)) {
            return failure;
        }
        return body.overLimit() ? new RequestTooLargeException(active.maxRequestBodyBytes())
                : new ResponseStream.ClientGoneException(body.failure());
    }

    /**
     * A WAGI guest gets its body whole (CGI passes CONTENT_LENGTH); a component reads it as it
     * arrives, after the first {@link RequestBody#READ_AHEAD_BYTES} (or the whole of a smaller
     * body) was read before its guest starts. A declared length over the limit is refused at once.
     */
    private static RequestBody requestBody(HttpServletRequest request, Abi abi, long maxBytes) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw new RequestTooLargeException(maxBytes);
        }
        if (abi == Abi.WAGI) {
            return RequestBody.of(readBody(request.getInputStream(), declared, maxBytes));
        }
        boolean noBody = declared == 0 || declared < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null
                && request.getProtocol().startsWith("HTTP/1.");
        if (noBody) {
            return RequestBody.EMPTY;
        }
        var body = RequestBody.streaming(request.getInputStream(), maxBytes);
        try {
            body.awaitReadAhead(READ_AHEAD_WAIT);
        } catch (InterruptedException e) {
            body.close();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the request body was read");
        }
        if (body.failure() != null) {
            body.close();
            if (body.overLimit()) {
                throw new RequestTooLargeException(maxBytes);
            }
            throw new ResponseStream.ClientGoneException(body.failure());
        }
        return body;
    }

    private static void writeGuestHeaders(HttpServletResponse servletResponse, List<Header> headers) {
        for (Header header : headers) {
            if (passesThrough(header)) {
                servletResponse.addHeader(header.name(), header.value());
            }
        }
    }

    private static GuestRequest guestRequest(HttpServletRequest request, RequestBody body, String tenant,
            String function) {
        String routedPath = (String) request.getAttribute(HostRouting.ROUTED_BY_HOST);
        String scriptName = routedPath != null ? "" : "/fn/" + tenant + "/" + function;
        String rest = routedPath != null ? routedPath
                : request.getRequestURI().substring(request.getContextPath().length() + scriptName.length());
        return new GuestRequest(
                request.getMethod(),
                rest.isEmpty() ? "/" : rest,
                request.getQueryString() == null ? "" : request.getQueryString(),
                headersOf(request),
                body,
                scriptName,
                request.getServerName(),
                request.getServerPort(),
                request.getRemoteAddr(),
                request.getProtocol());
    }

    private static HttpHeaders responseHeaders(GuestResponse response) {
        var headers = new HttpHeaders();
        for (Header header : response.headers()) {
            if (passesThrough(header)) {
                headers.add(header.name(), header.value());
            }
        }
        headers.set(FUEL_HEADER, Long.toString(response.usage().fuel()));
        return headers;
    }

    /** A guest header the client gets: not connection-level, not the executor's own. */
    private static boolean passesThrough(Header header) {
        String name = header.name().toLowerCase(Locale.ROOT);
        return !HOP_BY_HOP.contains(name) && !name.equalsIgnoreCase(FUEL_HEADER);
    }

    private static ArrayList<Header> headersOf(HttpServletRequest request) {
        var headers = new ArrayList<Header>();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                headers.add(new Header(name, value));
            }
        }
        return headers;
    }

    private static byte[] readBody(InputStream in, long declaredLength, long maxBytes) throws IOException {
        try {
            return BoundedBody.read(in, declaredLength, maxBytes);
        } catch (BoundedBody.TooLargeException e) {
            throw new RequestTooLargeException(maxBytes);
        }
    }
}
