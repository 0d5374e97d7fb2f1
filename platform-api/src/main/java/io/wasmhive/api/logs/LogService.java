package io.wasmhive.api.logs;

import io.wasmhive.api.function.FunctionService;
import io.wasmhive.api.problem.BadRequestException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A function's invocation history and its summary, and the job that keeps the history bounded. */
@Service
public class LogService {

    private static final Logger log = LoggerFactory.getLogger(LogService.class);
    private static final Pattern STATUS = Pattern.compile("^([1-5])(xx|\\d\\d)$");
    private static final int MAX_LIMIT = 1000;

    private final FunctionService functions;
    private final InvocationQueries queries;
    private final LogsProperties properties;
    private final Clock clock;

    LogService(FunctionService functions, InvocationQueries queries, LogsProperties properties, Clock clock) {
        this.functions = functions;
        this.queries = queries;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @param status an exact status ({@code 500}) or a class ({@code 5xx}); null for all
     */
    @Transactional(readOnly = true)
    public List<LogViews.Entry> recent(String tenant, String function, int limit, Instant since, String status,
            String requestId) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT);
        }
        Integer exact = null;
        Integer statusClass = null;
        if (status != null) {
            var matcher = STATUS.matcher(status);
            if (!matcher.matches()) {
                throw new BadRequestException("status must be a status code such as 503 or a class such as 5xx");
            }
            if (matcher.group(2).equals("xx")) {
                statusClass = Integer.parseInt(matcher.group(1));
            } else {
                exact = Integer.parseInt(status);
            }
        }
        return queries.recent(functions.idOf(tenant, function), limit, since, exact, statusClass, requestId);
    }

    @Transactional(readOnly = true)
    public LogViews.Summary summary(String tenant, String function, int windowMinutes) {
        if (windowMinutes < 1 || windowMinutes > 7 * 24 * 60) {
            throw new BadRequestException("minutes must be between 1 and " + 7 * 24 * 60);
        }
        // About 60 buckets, never finer than 10 s.
        int bucketSeconds = Math.max(10, windowMinutes);
        return queries.summary(functions.idOf(tenant, function), windowMinutes, bucketSeconds, clock.instant());
    }

    @Scheduled(fixedDelayString = "${wasmhive.logs.cleanup-interval:1m}", initialDelayString = "${wasmhive.logs.cleanup-interval:1m}")
    @Transactional
    public void trim() {
        int deleted = queries.trim(clock.instant().minus(properties.retention()), properties.maxPerTenant());
        if (deleted > 0) {
            log.info("Trimmed {} invocation records past retention", deleted);
        }
    }
}
