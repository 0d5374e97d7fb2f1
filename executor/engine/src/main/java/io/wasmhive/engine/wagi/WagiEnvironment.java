package io.wasmhive.engine.wagi;

import io.wasmhive.engine.GuestRequest;
import io.wasmhive.engine.Header;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The CGI environment a WAGI guest sees: request meta-variables, then the function's own env. */
final class WagiEnvironment {

    private WagiEnvironment() {}

    static Map<String, String> of(GuestRequest request, Map<String, String> functionEnv) {
        var env = new LinkedHashMap<String, String>();
        env.putAll(functionEnv);
        for (Header header : request.headers()) {
            String name = "HTTP_" + header.name().toUpperCase(Locale.ROOT).replace('-', '_');
            if (name.equals("HTTP_AUTHORIZATION") || name.equals("HTTP_CONNECTION")) {
                continue; // RFC 3875 4.1.18: credentials and hop-by-hop fields are not passed on
            }
            env.merge(name, header.value(), (first, next) -> first + ", " + next);
        }
        String contentType = firstHeader(request, "content-type");
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("SERVER_SOFTWARE", "Wasmhive");
        env.put("SERVER_PROTOCOL", request.protocol());
        env.put("SERVER_NAME", request.serverName());
        env.put("SERVER_PORT", Integer.toString(request.serverPort()));
        env.put("REQUEST_METHOD", request.method());
        env.put("SCRIPT_NAME", request.scriptName());
        env.put("PATH_INFO", request.path());
        env.put("PATH_TRANSLATED", request.path());
        env.put("QUERY_STRING", request.query());
        env.put("REQUEST_URI", request.scriptName() + request.path()
                + (request.query().isEmpty() ? "" : "?" + request.query()));
        env.put("REMOTE_ADDR", request.remoteAddr());
        env.put("REMOTE_HOST", request.remoteAddr());
        env.put("CONTENT_LENGTH", Integer.toString(request.body().bytes().length));
        env.put("CONTENT_TYPE", contentType == null ? "" : contentType);
        env.put("X_FULL_URL", "http://" + request.serverName() + ":" + request.serverPort() + env.get("REQUEST_URI"));
        return env;
    }

    private static String firstHeader(GuestRequest request, String name) {
        return request.headers().stream()
                .filter(h -> h.name().equalsIgnoreCase(name))
                .map(Header::value)
                .findFirst()
                .orElse(null);
    }
}
