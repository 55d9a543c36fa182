package vn.friendlygov.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, for requests an HTTP client library will not send as written: a
 * production Host header, a browser's Origin, no credentials at all.
 */
public final class RawHttp {
    private RawHttp() {
    }

    public record Response(int status, List<Map.Entry<String, String>> headers, String body) {
        public Optional<String> header(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
        }

        public boolean hasHeaderStartingWith(String prefix) {
            return headers.stream().anyMatch(h -> h.getKey().toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT)));
        }
    }

    /** {@code headers}: "Name: value" lines; Content-Length is added for a body. */
    public static Response send(int port, String method, String path, List<String> headers, String body) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            for (String h : headers) {
                req.append(h).append("\r\n");
            }
            if (body != null) {
                req.append("Content-Length: ").append(payload.length).append("\r\n");
            }
            req.append("Connection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.write(payload);
            out.flush();
            return parse(s.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response parse(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        String head = new String(raw, 0, end < 0 ? raw.length : end, StandardCharsets.UTF_8);
        int bodyStart = end < 0 ? raw.length : end + 4;
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(Map.entry(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
        }
        boolean chunked = headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("transfer-encoding")
                && h.getValue().toLowerCase(Locale.ROOT).contains("chunked"));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (!chunked) {
            body.write(raw, bodyStart, raw.length - bodyStart);
        } else {
            int at = bodyStart;
            while (at < raw.length) {
                int eol = indexOf(raw, "\r\n".getBytes(StandardCharsets.US_ASCII), at);
                int size = Integer.parseInt(new String(raw, at, eol - at, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                body.write(raw, eol + 2, size);
                at = eol + 2 + size + 2;
            }
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = from; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
