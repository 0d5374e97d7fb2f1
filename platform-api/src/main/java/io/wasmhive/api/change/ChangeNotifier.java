package io.wasmhive.api.change;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells every executor at once that something a request depends on changed: Postgres
 * {@code NOTIFY} on one channel, delivered when the surrounding transaction commits (and not at
 * all if it rolls back). Payload {@code tenant/function}, or {@code tenant/*} for the whole tenant.
 * Executors also re-read on their own every second, so a lost notification only delays a change.
 */
@Component
public class ChangeNotifier {

    public static final String CHANNEL = "wasmhive_changes";

    private final JdbcClient jdbc;

    ChangeNotifier(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void functionChanged(String tenant, String function) {
        notify(tenant + "/" + function);
    }

    public void tenantChanged(String tenant) {
        notify(tenant + "/*");
    }

    private void notify(String payload) {
        jdbc.sql("select pg_notify(:channel, :payload)").param("channel", CHANNEL).param("payload", payload)
                .query((rs, n) -> null).list();
    }
}
