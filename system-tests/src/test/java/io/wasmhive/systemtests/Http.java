package io.wasmhive.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client, as curl would be: requests go over the loopback to the real processes. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Answer(int status, java.net.http.HttpHeaders headers, byte[] bytes) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            return JSON.readTree(bytes);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private Http() {}

    static HttpRequest.Builder request(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    }

    static HttpRequest.Builder authorized(URI base, String path, String token) {
        return request(base, path).header("Authorization", "Bearer " + token);
    }

    static HttpRequest.BodyPublisher json(String body) {
        return HttpRequest.BodyPublishers.ofString(body);
    }

    static Answer send(HttpRequest.Builder request) {
        try {
            var response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends until the answer satisfies {@code done} (a deployment takes a moment to reach executors). */
    static Answer sendUntil(java.util.function.Supplier<HttpRequest.Builder> request, Predicate<Answer> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Answer answer = send(request.get());
        while (!done.test(answer) && System.nanoTime() < deadline) {
            Stack.sleep(Duration.ofMillis(100));
            answer = send(request.get());
        }
        return answer;
    }
}
