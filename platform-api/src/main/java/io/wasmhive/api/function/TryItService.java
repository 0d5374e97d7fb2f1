package io.wasmhive.api.function;

import io.wasmhive.api.config.PlatformProperties;
import io.wasmhive.api.problem.BadRequestException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Sends one request to a function through its public URL, for the console's "try it" panel, so the
 * browser needs no cross-origin access to the executors. It can reach nothing but that function.
 */
@Service
public class TryItService {

    /** The request to send. */
    public record Request(String method, String path, Map<String, String> headers, String body) {}

    /** What came back, and what it cost. */
    public record Answer(int status, Map<String, List<String>> headers, String body, boolean bodyTruncated,
            long durationMillis, Long fuel, String requestId) {}

    private static final Pattern METHOD = Pattern.compile("^[A-Z]{1,16}$");
    private static final Pattern HEADER_NAME = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$");
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade");
    private static final int MAX_BODY = 64 << 10;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final PlatformProperties properties;

    TryItService(PlatformProperties properties) {
        this.properties = properties;
    }

    public Answer send(String tenant, String function, Request request) {
        String method = request.method() == null ? "GET" : request.method();
        String path = request.path() == null || request.path().isEmpty() ? "/" : request.path();
        if (!METHOD.matcher(method).matches()) {
            throw new BadRequestException("method must be an HTTP method in capitals, such as GET or POST");
        }
        if (!path.startsWith("/") || Arrays.asList(path.split("[/?]")).contains("..") || path.chars().anyMatch(c -> c < 0x21)) {
            throw new BadRequestException("path must start with / and hold no '..' segments, spaces or control characters");
        }
        var builder = HttpRequest.newBuilder(URI.create(properties.functionUrl(tenant, function) + path))
                .timeout(Duration.ofSeconds(40))
                .method(method, request.body() == null || request.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body()));
        if (request.headers() != null) {
            request.headers().forEach((name, value) -> {
                if (!HEADER_NAME.matcher(name).matches() || RESTRICTED.contains(name.toLowerCase())
                        || value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                    throw new BadRequestException("header '" + name + "' cannot be sent from the console");
                }
                builder.header(name, value);
            });
        }
        long started = System.nanoTime();
        try {
            var response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            long millis = (System.nanoTime() - started) / 1_000_000;
            byte[] body = response.body();
            var headers = new LinkedHashMap<>(response.headers().map());
            String fuel = response.headers().firstValue("Wasmhive-Fuel-Used").orElse(null);
            return new Answer(response.statusCode(), headers,
                    new String(body, 0, Math.min(body.length, MAX_BODY), StandardCharsets.UTF_8), body.length > MAX_BODY,
                    millis, fuel == null ? null : Long.valueOf(fuel), response.headers().firstValue("x-request-id").orElse(null));
        } catch (IOException e) {
            throw new BadRequestException("the function could not be reached at " + properties.functionUrl(tenant, function)
                    + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadRequestException("interrupted while calling the function");
        }
    }
}
