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
 * whether the body was ended properly or cut off: what an HTTP client library hides. And an
 * {@link Upload} that sends its body chunk by chunk while reading the response.
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

    /**
     * A request whose chunked body is sent piece by piece while its response is read: what shows
     * whether the function answers before the body is complete.
     */
    static final class Upload implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final long started = System.currentTimeMillis();
        private int status;
        private Map<String, String> headers;
        private final List<Chunk> chunks = new ArrayList<>();

        Upload(URI base, String path) throws IOException {
            socket = new Socket(base.getHost(), base.getPort());
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nTransfer-Encoding: chunked\r\nTE: trailers\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            in = socket.getInputStream();
        }

        /** Sends one chunk of the request body. */
        void send(byte[] chunk) throws IOException {
            var out = socket.getOutputStream();
            out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        void send(String chunk) throws IOException {
            send(chunk.getBytes(StandardCharsets.UTF_8));
        }

        /** Ends the request body. */
        void end() throws IOException {
            socket.getOutputStream().write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        }

        /** The response's status line and header section. */
        int status() throws IOException {
            if (headers == null) {
                status = Integer.parseInt(line(in).split(" ")[1]);
                headers = fields(in);
            }
            return status;
        }

        /** The next chunk of a chunked response body: null at its proper end, an exception if it is cut. */
        String nextChunk() throws IOException {
            status();
            String size = line(in);
            if (size == null) {
                throw new java.io.EOFException("the response ended without its last chunk");
            }
            int length = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (length == 0) {
                return null;
            }
            byte[] data = in.readNBytes(length);
            if (data.length < length) {
                throw new java.io.EOFException("the response ended inside a chunk");
            }
            line(in);
            String text = new String(data, StandardCharsets.UTF_8);
            chunks.add(new Chunk(System.currentTimeMillis() - started, text));
            return text;
        }

        /** The rest of the response: chunked to its end (or until it is cut), else to the connection's end. */
        Answer answer() throws IOException {
            status();
            if (!"chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                chunks.add(new Chunk(System.currentTimeMillis() - started,
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                return new Answer(status, headers, chunks, Map.of(), true);
            }
            try {
                while (nextChunk() != null) {
                    // collected
                }
            } catch (IOException cut) {
                return new Answer(status, headers, chunks, Map.of(), false);
            }
            return new Answer(status, headers, chunks, fields(in), true);
        }

        @Override
        public void close() throws IOException {
            socket.close();
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
