package io.wasmhive.executor.ingress;

import io.wasmhive.executor.config.ExecutorProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Routes by host as well as by path: with {@code wasmhive.executor.base-domain} set to
 * {@code fn.example.com}, a request to {@code hello.acme.fn.example.com/greet} runs function
 * {@code hello} of tenant {@code acme} with path {@code /greet}, for a wildcard Ingress. The
 * reserved paths ({@code /.well-known/wasmhive/}, {@code /actuator/}) are never routed.
 */
@Component
class HostRouting extends OncePerRequestFilter {

    /** Set on a host-routed request: the guest sees the whole original path, under no prefix. */
    static final String ROUTED_BY_HOST = HostRouting.class.getName();

    private final Pattern host;

    HostRouting(ExecutorProperties properties) {
        String base = properties.baseDomain().toLowerCase(Locale.ROOT);
        this.host = base.isBlank() ? null
                : Pattern.compile("^([a-z][a-z0-9-]{0,62})\\.([a-z][a-z0-9-]{0,62})\\." + Pattern.quote(base) + "$");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return host == null || path.startsWith("/.well-known/wasmhive/") || path.startsWith("/actuator/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher matcher = host.matcher(request.getServerName().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(ROUTED_BY_HOST, request.getRequestURI());
        String target = "/fn/" + matcher.group(2) + "/" + matcher.group(1) + request.getRequestURI();
        request.getRequestDispatcher(target).forward(request, response);
    }
}
