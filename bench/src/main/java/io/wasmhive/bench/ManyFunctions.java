package io.wasmhive.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Deploys {@code tenants × functionsPerTenant} distinct functions (hello-c with a numbered greeting,
 * so every module has its own hash and is compiled on its own) and calls each once, so an executor
 * has them all loaded. Arguments: API URL, executor URL, operator token, tenants, functions per
 * tenant, a prefix for the tenant names.
 */
public final class ManyFunctions {

    public static void main(String[] args) throws Exception {
        URI api = URI.create(args[0]);
        URI executor = URI.create(args[1]);
        String token = args[2];
        int tenants = Integer.parseInt(args[3]);
        int perTenant = Integer.parseInt(args[4]);
        String prefix = args[5];
        byte[] hello = Guests.bytes("hello-c/hello.wasm");
        int at = indexOf(hello, "Wasmhive!".getBytes(StandardCharsets.US_ASCII));
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        long started = System.nanoTime();
        int n = 0;
        for (int t = 0; t < tenants; t++) {
            String tenant = prefix + "-" + t;
            send(client, HttpRequest.newBuilder(api.resolve("/api/v1/tenants")).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + tenant + "\"}")), 201);
            for (int f = 0; f < perTenant; f++, n++) {
                byte[] module = hello.clone();
                byte[] label = String.format("Wasmh%03d!", n % 1000).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(label, 0, module, at, label.length);
                module[at + 3] = (byte) ('a' + n / 1000); // keeps more than 1,000 modules distinct
                send(client, HttpRequest.newBuilder(api.resolve("/api/v1/tenants/" + tenant + "/functions/fn-" + f))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/wasm")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(module)), 201);
            }
        }
        System.out.printf("deployed %d functions in %.1f s%n", n, (System.nanoTime() - started) / 1e9);

        started = System.nanoTime();
        for (int t = 0; t < tenants; t++) {
            for (int f = 0; f < perTenant; f++) {
                send(client, HttpRequest.newBuilder(executor.resolve("/fn/" + prefix + "-" + t + "/fn-" + f)).GET(), 200);
            }
        }
        System.out.printf("first request to each of %d functions (compiling each) took %.1f s%n", n,
                (System.nanoTime() - started) / 1e9);
    }

    private static void send(HttpClient client, HttpRequest.Builder request, int expected) throws Exception {
        var response = client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.statusCode() + ": " + response.body());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("marker not found in the module");
    }
}
