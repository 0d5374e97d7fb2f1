package io.wasmhive.executor.deployment;

import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Listens on Postgres' {@code wasmhive_changes} channel over a connection of its own and hands
 * every announced change to the {@link DeploymentRegistry}, so a deploy, rollback or configuration
 * change is served by this node within moments. When the connection breaks it reconnects and then
 * re-reads everything, since announcements made meanwhile were lost.
 */
@Component
class ChangeListener {

    private static final Logger log = LoggerFactory.getLogger(ChangeListener.class);
    private static final String CHANNEL = "wasmhive_changes";
    private static final int KEEPALIVE_SECONDS = 15;

    private final DeploymentRegistry registry;
    private final String url;
    private final String username;
    private final String password;
    private volatile boolean running = true;
    private Thread listener;

    ChangeListener(DeploymentRegistry registry, @Value("${spring.datasource.url}") String url,
            @Value("${spring.datasource.username:}") String username,
            @Value("${spring.datasource.password:}") String password) {
        this.registry = registry;
        this.url = url;
        this.username = username;
        this.password = password;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        listener = Thread.ofPlatform().daemon().name("change-listener").start(this::listen);
    }

    private void listen() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            try (Connection connection = DriverManager.getConnection(url, username, password)) {
                try (var statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                registry.changedAll();
                backoff = Duration.ofSeconds(1);
                var notifications = connection.unwrap(PGConnection.class);
                int quietSeconds = 0;
                while (running) {
                    PGNotification[] received = notifications.getNotifications(1000);
                    if (received != null && received.length > 0) {
                        quietSeconds = 0;
                        for (PGNotification notification : received) {
                            registry.changed(notification.getParameter());
                        }
                    } else if (++quietSeconds >= KEEPALIVE_SECONDS) {
                        quietSeconds = 0;
                        try (var probe = connection.createStatement()) {
                            probe.execute("select 1"); // a half-open connection fails here instead of staying silent
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Change feed from Postgres interrupted ({}); retrying in {} s", e.getMessage(), backoff.toSeconds());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : backoff.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        if (listener != null) {
            listener.interrupt();
        }
    }
}
