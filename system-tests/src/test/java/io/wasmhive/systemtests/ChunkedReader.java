package io.wasmhive.systemtests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A raw HTTP/1.1 GET that records when each chunk of a chunked body arrives, the trailers, and
 * whether the body was ended properly or cut off: what an HTTP client library hides.
 */
final class ChunkedReader {

    record Chunk(long arrivedMillis, String text) {}

    record Answer(int status, Map<String, String> headers, List<Chunk> chunks, Map<String, String> trailers, boolean complete) {

        String body() {
            var text = new StringBuilder();
            chunks.forEach(c -> text.append(c.text()));
            return text.toString();
        }
    }

    private ChunkedReader() {}

    static Answer get(URI base, String path) throws IOException {
        try (var socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nTE: trailers\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            long started = System.currentTimeMillis();
            int status = Integer.parseInt(line(in).split(" ")[1]);
            var headers = fields(in);
            var chunks = new ArrayList<Chunk>();
            var trailers = new LinkedHashMap<String, String>();
            for (;;) {
                String size = line(in);
                if (size == null) {
                    return new Answer(status, headers, chunks, trailers, false);
                }
                int length = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (length == 0) {
                    trailers.putAll(fields(in));
                    return new Answer(status, headers, chunks, trailers, true);
                }
                byte[] data = in.readNBytes(length);
                if (data.length < length) {
                    return new Answer(status, headers, chunks, trailers, false);
                }
                chunks.add(new Chunk(System.currentTimeMillis() - started, new String(data, StandardCharsets.UTF_8)));
                line(in);
            }
        }
    }

    private static Map<String, String> fields(InputStream in) throws IOException {
        var fields = new LinkedHashMap<String, String>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
        }
        return fields;
    }

    /** A CRLF-terminated line, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        var bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String text = bytes.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            bytes.write(b);
        }
        return null;
    }
}
