package io.wasmhive.engine.wagi;

import io.wasmhive.engine.GuestTrapException;
import io.wasmhive.engine.Header;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A CGI response read from a guest's stdout (RFC 3875 section 6): header lines, a blank line,
 * then the body. {@code Status} sets the status, {@code Location} without it redirects with 302.
 */
record CgiResponse(int status, List<Header> headers, byte[] body) {

    private static final int MAX_HEADER_BYTES = 64 << 10;

    static CgiResponse parse(byte[] stdout) {
        int headerEnd = -1;
        int bodyStart = -1;
        int lineStart = 0;
        for (int i = 0; i < stdout.length && i <= MAX_HEADER_BYTES; i++) {
            if (stdout[i] != '\n') {
                continue;
            }
            int lineEnd = i > lineStart && stdout[i - 1] == '\r' ? i - 1 : i;
            if (lineEnd == lineStart) {
                headerEnd = lineStart;
                bodyStart = i + 1;
                break;
            }
            lineStart = i + 1;
        }
        if (headerEnd < 0) {
            throw new GuestTrapException("the function's output is not a CGI response: it must start with"
                    + " header lines (at least Content-Type) followed by an empty line");
        }
        String head = new String(stdout, 0, headerEnd, StandardCharsets.UTF_8);
        int status = 200;
        boolean statusGiven = false;
        boolean redirect = false;
        var headers = new ArrayList<Header>();
        for (String line : head.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new GuestTrapException("the function wrote a malformed CGI header line: \"" + abbreviate(line) + "\"");
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
                status = parseStatus(value);
                statusGiven = true;
            } else {
                redirect |= name.equalsIgnoreCase("Location");
                headers.add(new Header(name, value));
            }
        }
        if (redirect && !statusGiven) {
            status = 302;
        }
        return new CgiResponse(status, headers, Arrays.copyOfRange(stdout, bodyStart, stdout.length));
    }

    private static int parseStatus(String value) {
        String code = value.split(" ", 2)[0];
        try {
            int status = Integer.parseInt(code);
            if (status >= 100 && status <= 999) {
                return status;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new GuestTrapException("the function wrote an invalid CGI Status header: \"" + abbreviate(value) + "\"");
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
