package io.wasmhive.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Creates a fresh, empty database on the local Postgres server for one test run, and drops it
 * when the JVM exits. The server is found through {@code WASMHIVE_TEST_PG_URL} (default: the
 * local server at 127.0.0.1:5432 as user postgres, trust authentication).
 */
public final class TestDatabase {

    private static final String ADMIN_URL = System.getenv().getOrDefault(
            "WASMHIVE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    private TestDatabase() {}

    /** A JDBC URL (with credentials) of a new database whose name starts with {@code prefix}. */
    public static String create(String prefix) {
        String name = "wasmhive_" + prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("create database " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> execute("drop database if exists " + name + " with (force)")));
        return ADMIN_URL.replaceFirst("/postgres\\?", "/" + name + "?");
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL);
                var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on " + ADMIN_URL
                    + " (is the local Postgres running? see .ci/run)", e);
        }
    }
}
