package io.wasmhive.executor.ingress;

import io.wasmhive.engine.Engine;
import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.GuestResponse;
import io.wasmhive.engine.Header;
import io.wasmhive.executor.deployment.ActiveFunction;
import io.wasmhive.executor.deployment.DeploymentRegistry;
import io.wasmhive.executor.deployment.ModuleCache;
import io.wasmhive.executor.problem.FunctionNotFoundException;
import io.wasmhive.executor.problem.RequestTooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code ANY /fn/{tenant}/{function}/**}: runs the active version in a fresh sandboxed instance. */
@RestController
class FunctionIngressController {

    private static final Logger log = LoggerFactory.getLogger(FunctionIngressController.class);

    /** Tells the caller what the request cost; useful when tuning a function's fuel limit. */
    static final String FUEL_HEADER = "Wasmhive-Fuel-Used";

    /** Connection-level fields the server sets itself; a guest's values for them are dropped. */
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "transfer-encoding", "content-length", "upgrade", "te", "trailer");

    private final DeploymentRegistry deployments;
    private final ModuleCache modules;
    private final Engine engine;

    FunctionIngressController(DeploymentRegistry deployments, ModuleCache modules, Engine engine) {
        this.deployments = deployments;
        this.modules = modules;
        this.engine = engine;
    }

    @RequestMapping({"/fn/{tenant}/{function}", "/fn/{tenant}/{function}/**"})
    ResponseEntity<byte[]> invoke(@PathVariable String tenant, @PathVariable String function, HttpServletRequest request)
            throws IOException {
        ActiveFunction active = deployments.find(tenant, function)
                .orElseThrow(() -> new FunctionNotFoundException(tenant, function));
        byte[] body = readBody(request.getInputStream(), request.getContentLengthLong(), active.maxRequestBodyBytes());
        String scriptName = "/fn/" + tenant + "/" + function;
        String rest = request.getRequestURI().substring(request.getContextPath().length() + scriptName.length());
        var guestRequest = new GuestRequest(
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

        GuestResponse response = engine.invoke(modules.executorFor(active), guestRequest, active.env(), active.limits());
        if (response.stderr().bytes().length > 0) {
            log.debug("{}/{} v{} stderr: {}", tenant, function, active.version(), response.stderr().text());
        }
        var headers = new HttpHeaders();
        for (Header header : response.headers()) {
            String name = header.name().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !name.equalsIgnoreCase(FUEL_HEADER)) {
                headers.add(header.name(), header.value());
            }
        }
        headers.set(FUEL_HEADER, Long.toString(response.fuelUsed()));
        return ResponseEntity.status(response.status()).headers(headers).body(response.body());
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
        if (declaredLength > maxBytes) {
            throw new RequestTooLargeException(maxBytes);
        }
        var body = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 << 10];
        int n;
        while ((n = in.read(buffer)) != -1) {
            if (body.size() + n > maxBytes) {
                throw new RequestTooLargeException(maxBytes);
            }
            body.write(buffer, 0, n);
        }
        return body.toByteArray();
    }
}
