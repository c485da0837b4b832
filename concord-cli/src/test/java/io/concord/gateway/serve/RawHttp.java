package io.concord.gateway.serve;

import com.fasterxml.jackson.databind.JsonNode;
import io.concord.report.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 written by hand on a socket, for what a well-behaved client never does: a head without its body, a body
 * that never ends, a chunked upload larger than the limit, bytes that are not HTTP.
 */
final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RawHttp(int port, int readTimeoutMillis) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(readTimeoutMillis);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** A request head: the request line and headers (each without line end); Host is added. */
    RawHttp head(String requestLine, String... headers) throws IOException {
        StringBuilder b = new StringBuilder(requestLine).append("\r\nHost: 127.0.0.1\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return write(b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttp write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /**
     * Sends {@code total} bytes of CSV-looking filler as 64 KiB chunks (chunked transfer encoding) on another thread;
     * completes with the bytes the server took before it stopped reading (or all of them).
     */
    CompletableFuture<Long> streamChunked(long total) {
        return CompletableFuture.supplyAsync(() -> {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
            long sent = 0;
            try {
                while (sent < total) {
                    out.write(size);
                    out.write(chunk);
                    out.write(crlf);
                    sent += chunk.length;
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // the server closed the connection: it stopped taking the body
            }
            return sent;
        });
    }

    /** An answer: status, headers (lower-case names), body. */
    record Answer(int status, Map<String, String> headers, String body) {
        JsonNode json() throws IOException {
            return Json.MAPPER.readTree(body);
        }
    }

    /** Reads one answer (its body by Content-Length, chunks, or up to the connection's end). */
    Answer answer() throws IOException {
        String status = line();
        if (status == null) {
            throw new IOException("the connection closed without an answer");
        }
        if (status.startsWith("HTTP/1.1 100")) {
            line();
            status = line();
        }
        Map<String, String> headers = new TreeMap<>();
        for (String l; (l = line()) != null && !l.isEmpty(); ) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int n; (n = Integer.parseInt(line().trim(), 16)) > 0; line()) {
                body.write(in.readNBytes(n));
            }
            line();
        } else {
            body.write(in.readAllBytes());
        }
        return new Answer(Integer.parseInt(status.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
    }

    /** True when the server closes the connection before the read timeout (anything it still sends is skipped). */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // skip
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                return b.toString().replaceAll("\r$", "");
            }
            b.append((char) c);
        }
        return b.isEmpty() ? null : b.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
