package io.wasmhive.common;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's last word, for requests it rejects before any application sees them (an encoded slash
 * or a NUL in the path): a problem+json body instead of Tomcat's HTML page.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable failure) {
        int status = response.getStatus();
        if (status < 400 || response.isCommitted() || !response.isError()) {
            return;
        }
        boolean client = status < 500;
        String slug = client ? "invalid-request" : "internal-error";
        String title = client ? "Invalid request" : "Internal error";
        String detail = client
                ? "the request was rejected before it reached Wasmhive: check the path for encoded slashes,"
                        + " NUL bytes or other characters that are not allowed"
                : "an unexpected error occurred; it has been logged";
        String body = "{\"type\":\"" + ProblemTypes.BASE + slug + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away; nothing more to say
        }
    }
}
