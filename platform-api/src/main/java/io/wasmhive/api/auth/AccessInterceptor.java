package io.wasmhive.api.auth;

import io.micrometer.core.instrument.MeterRegistry;
import io.wasmhive.api.Names;
import io.wasmhive.api.problem.ForbiddenException;
import io.wasmhive.api.problem.UnauthorizedException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Authenticates every {@code /api/v1} call and decides, before the handler runs, whether the
 * caller may make it: the operator may do everything; a tenant key only what is marked
 * {@link TenantAccessible}, and only for its own tenant.
 */
@Component
public class AccessInterceptor implements HandlerInterceptor {

    private final Authenticator authenticator;
    private final MeterRegistry meters;

    AccessInterceptor(Authenticator authenticator, MeterRegistry meters) {
        this.authenticator = authenticator;
        this.meters = meters;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        try {
            authorize(request, handler);
            return true;
        } catch (UnauthorizedException | ForbiddenException refused) {
            meters.counter("wasmhive.auth.failures", "reason",
                    refused instanceof UnauthorizedException ? "unauthenticated" : "forbidden").increment();
            throw refused;
        }
    }

    private void authorize(HttpServletRequest request, Object handler) {
        Caller caller = authenticator.authenticate(request.getHeader("Authorization"));
        request.setAttribute(Caller.ATTRIBUTE, caller);
        @SuppressWarnings("unchecked")
        var variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (variables != null) {
            // A malformed name in the path is a bad request, whoever asks and whether or not it exists.
            Optional.ofNullable(variables.get("tenant")).ifPresent(name -> Names.requireValid("tenant", name));
            Optional.ofNullable(variables.get("name")).ifPresent(name -> Names.requireValid("function", name));
        }
        if (caller instanceof Caller.TenantKey key && handler instanceof HandlerMethod method) {
            boolean allowed = method.hasMethodAnnotation(TenantAccessible.class)
                    || method.getBeanType().isAnnotationPresent(TenantAccessible.class);
            if (!allowed) {
                throw new ForbiddenException("this call is for the operator only; a tenant key cannot make it");
            }
            String tenant = variables == null ? null : variables.get("tenant");
            if (!key.tenantName().equals(tenant)) {
                throw new ForbiddenException("the key of tenant '" + key.tenantName() + "' may act only under /api/v1/tenants/"
                        + key.tenantName() + "/");
            }
        }
    }
}
