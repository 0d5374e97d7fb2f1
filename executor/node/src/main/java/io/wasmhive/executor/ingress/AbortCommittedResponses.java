package io.wasmhive.executor.ingress;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A guest that fails after its head was sent cannot get a problem response any more: the client
 * must see the body cut short. The controller marks such a request; this filter, outside Spring
 * MVC's error handling, turns the mark into an exception that makes Tomcat close the connection
 * instead of ending the chunked body.
 */
@Component
class AbortCommittedResponses extends OncePerRequestFilter {

    static final String FAILED_AFTER_COMMIT = AbortCommittedResponses.class.getName() + ".failure";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        if (request.getAttribute(FAILED_AFTER_COMMIT) instanceof Throwable failure) {
            throw new IOException("the function failed after its response had started: " + failure.getMessage());
        }
    }
}
