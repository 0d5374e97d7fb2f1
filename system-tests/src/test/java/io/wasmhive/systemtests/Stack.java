package io.wasmhive.systemtests;

import io.wasmhive.storage.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The whole platform as real processes: platform-api and an executor, each its executable jar in
 * its own JVM, against a fresh database on the real Postgres. Started once per test JVM, stopped
 * when it exits.
 */
final class Stack {

    /** Functions are also reachable as {@code {function}.{tenant}.fn.test}. */
    static final String BASE_DOMAIN = "fn.test";
    static final String ADMIN_TOKEN = "system-test-admin-token-" + Long.toHexString(System.nanoTime());
    private static final String SECRETS_KEY = java.util.Base64.getEncoder().encodeToString(
            java.security.SecureRandom.getSeed(32));

    private static Stack running;

    final URI api;
    final URI executor;
    final String jdbcUrl;
    private final List<Process> processes = new ArrayList<>();

    private Stack(URI api, URI executor, String jdbcUrl) {
        this.api = api;
        this.executor = executor;
        this.jdbcUrl = jdbcUrl;
    }

    /** A count straight from the database, to check what was (not) stored. */
    long count(String sql) {
        try (var connection = java.sql.DriverManager.getConnection(jdbcUrl);
                var result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized Stack get() {
        if (running == null) {
            running = start();
        }
        return running;
    }

    private static Stack start() {
        String jdbcUrl = TestDatabase.create("system");
        int apiPort = freePort();
        int executorPort = freePort();
        var stack = new Stack(URI.create("http://127.0.0.1:" + apiPort), URI.create("http://127.0.0.1:" + executorPort),
                jdbcUrl);
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop));
        Map<String, String> database = Map.of("SPRING_DATASOURCE_URL", jdbcUrl);
        Process api = stack.launch("platform-api", System.getProperty("wasmhive.api.jar"), apiPort, database, Map.of(
                "WASMHIVE_ADMIN_TOKEN", ADMIN_TOKEN,
                "WASMHIVE_PUBLIC_URL", stack.executor.toString()));
        Process executor = stack.launch("executor", System.getProperty("wasmhive.executor.jar"), executorPort, database, Map.of(
                "WASMHIVE_EXECUTOR_REFRESH_INTERVAL", "200ms", "WASMHIVE_EXECUTOR_HEARTBEAT_INTERVAL", "1s",
                "WASMHIVE_EXECUTOR_BASE_DOMAIN", BASE_DOMAIN));
        stack.awaitHealthy("platform-api", stack.api.resolve("/actuator/health"), api);
        stack.awaitHealthy("executor", stack.executor.resolve("/.well-known/wasmhive/health"), executor);
        return stack;
    }

    /** A process the test started on its own: its base URI, and a way to stop it. */
    record Node(URI uri, Process process) {
        /** Stops it as an orchestrator would (SIGTERM, graceful) and waits for the exit. */
        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    /** Starts one more executor node against the same database and returns its base URI. */
    URI startExecutor(Map<String, String> env) {
        return startExecutorNode(env).uri();
    }

    Node startExecutorNode(Map<String, String> env) {
        return startApp("executor", "wasmhive.executor.jar", "/.well-known/wasmhive/health", env);
    }

    /** Starts one more platform-api against the same database and returns its base URI. */
    URI startPlatformApi(Map<String, String> env) {
        var withToken = new java.util.HashMap<>(env);
        withToken.putIfAbsent("WASMHIVE_ADMIN_TOKEN", ADMIN_TOKEN);
        withToken.putIfAbsent("WASMHIVE_PUBLIC_URL", executor.toString());
        return startApp("platform-api", "wasmhive.api.jar", "/actuator/health/readiness", withToken).uri();
    }

    private synchronized Node startApp(String kind, String jarProperty, String healthPath, Map<String, String> env) {
        int port = freePort();
        String name = kind + "-" + port;
        Process process = launch(name, System.getProperty(jarProperty), port, Map.of("SPRING_DATASOURCE_URL", jdbcUrl), env);
        URI uri = URI.create("http://127.0.0.1:" + port);
        awaitHealthy(name, uri.resolve(healthPath), process);
        return new Node(uri, process);
    }

    private Process launch(String name, String jar, int port, Map<String, String> database, Map<String, String> env) {
        Path log = Path.of("target", "system-tests", name + ".log");
        try {
            Files.createDirectories(log.getParent());
            String java = ProcessHandle.current().info().command().orElse("java");
            var builder = new ProcessBuilder(java, "-Xmx512m", "-jar", jar)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(database);
            builder.environment().putAll(env);
            builder.environment().put("SERVER_PORT", Integer.toString(port));
            builder.environment().put("WASMHIVE_SECRETS_KEY", SECRETS_KEY);
            builder.environment().put("SPRING_DATASOURCE_USERNAME", "postgres");
            builder.environment().put("SPRING_DATASOURCE_PASSWORD", "");
            Process process = builder.start();
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " from " + jar, e);
        }
    }

    private void awaitHealthy(String name, URI health, Process process) {
        var client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            try {
                var response = client.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (!process.isAlive()) {
                break;
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException(name + " did not become healthy; see target/system-tests/" + name + ".log");
    }

    private void stop() {
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (!process.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(20), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
