package org.fieldsync.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Transport} over {@link HttpURLConnection}, which Android and every JVM provide. TLS uses the platform's
 * trust store (on Android, the app's network security configuration). Redirects are not followed; responses larger
 * than the configured bound are refused. Thread-safe.
 */
public final class HttpUrlConnectionTransport implements Transport {
    private static final int STREAMING_THRESHOLD = 1024 * 1024;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final int maxResponseBytes;

    /** A transport with a 15 s connect timeout, a 60 s read timeout and a 16 MiB response bound. */
    public HttpUrlConnectionTransport() {
        this(15_000, 60_000, 16 * 1024 * 1024);
    }

    /**
     * @param connectTimeoutMillis connect timeout
     * @param readTimeoutMillis    read timeout (between bytes)
     * @param maxResponseBytes     the largest response body accepted
     */
    public HttpUrlConnectionTransport(int connectTimeoutMillis, int readTimeoutMillis, int maxResponseBytes) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
        this.maxResponseBytes = maxResponseBytes;
    }

    @Override
    public Response send(Request request) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(request.url()).openConnection();
        try {
            c.setRequestMethod(request.method());
            c.setConnectTimeout(connectTimeoutMillis);
            c.setReadTimeout(readTimeoutMillis);
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            for (Map.Entry<String, String> h : request.headers().entrySet()) {
                c.setRequestProperty(h.getKey(), h.getValue());
            }
            byte[] body = request.body();
            if (body != null) {
                c.setDoOutput(true);
                if (body.length > STREAMING_THRESHOLD) {
                    // Streaming avoids a second copy of a large body, but then the JDK cannot read the body of a
                    // 401 answer; small bodies are buffered so that their problem code is seen.
                    c.setFixedLengthStreamingMode(body.length);
                }
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = c.getResponseCode();
            Map<String, String> headers = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> h : c.getHeaderFields().entrySet()) {
                if (h.getKey() != null && h.getValue() != null && !h.getValue().isEmpty()) {
                    headers.put(h.getKey(), h.getValue().get(0));
                }
            }
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] responseBody = in == null ? new byte[0] : readBounded(in);
            return new Response(status, headers, responseBody);
        } catch (IOException e) {
            c.disconnect(); // the connection's state is unknown: do not reuse it
            throw e;
        }
    }

    private byte[] readBounded(InputStream in) throws IOException {
        try (InputStream s = in) {
            byte[] buf = new byte[8192];
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    if (n >= maxResponseBytes) {
                        throw new IOException("the response exceeds " + maxResponseBytes + " bytes");
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min((long) maxResponseBytes + 1, buf.length * 2L));
                }
                int r = s.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            if (n > maxResponseBytes) {
                throw new IOException("the response exceeds " + maxResponseBytes + " bytes");
            }
            return Arrays.copyOf(buf, n);
        }
    }
}
