package io.wasmhive.engine.component.host;

import io.wasmhive.engine.ExecutionLimits;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Where one request's outbound HTTP may go: only to the function's allowed hosts (exact {@code host}
 * or {@code host:port}, or {@code *.domain}), at most {@code maxCalls} times, each waiting at most
 * {@code timeout} for its answer unless the guest asks for less.
 */
record OutboundPolicy(Set<String> allowedHosts, int maxCalls, Duration timeout) {

    /** One client for every guest of the process: connections are pooled, redirects are the guest's business. */
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    static OutboundPolicy of(ExecutionLimits limits) {
        return new OutboundPolicy(limits.allowedOutboundHosts(), limits.maxOutboundRequests(), limits.timeout());
    }

    /** Whether {@code authority} ({@code host} or {@code host:port}, already parsed from a URI) is allowed. */
    boolean allows(String authority) {
        String candidate = authority.toLowerCase(Locale.ROOT);
        int colon = candidate.lastIndexOf(':');
        String host = colon > candidate.lastIndexOf(']') ? candidate.substring(0, colon) : candidate;
        for (String allowed : allowedHosts) {
            String rule = allowed.toLowerCase(Locale.ROOT);
            if (rule.equals(candidate) || rule.equals(host)
                    || (rule.startsWith("*.") && host.endsWith(rule.substring(1)))) {
                return true;
            }
        }
        return false;
    }
}
