package io.wasmhive.api.logs;

import io.wasmhive.api.auth.TenantAccessible;
import java.time.Instant;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A function's invocation history: what its owner needs to see why it failed. */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/functions/{name}")
@TenantAccessible
class LogController {

    private final LogService logs;

    LogController(LogService logs) {
        this.logs = logs;
    }

    @GetMapping("/logs")
    List<LogViews.Entry> logs(@PathVariable String tenant, @PathVariable String name,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String requestId) {
        return logs.recent(tenant, name, limit, since, status, requestId);
    }

    @GetMapping("/summary")
    LogViews.Summary summary(@PathVariable String tenant, @PathVariable String name,
            @RequestParam(defaultValue = "60") int minutes) {
        return logs.summary(tenant, name, minutes);
    }
}
