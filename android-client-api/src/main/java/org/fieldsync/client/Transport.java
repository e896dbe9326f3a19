package org.fieldsync.client;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Sends one HTTP request and returns the response. {@link HttpUrlConnectionTransport} is the default; an app may
 * plug in its own (OkHttp, for certificate pinning or a shared connection pool). Implementations must be
 * thread-safe, must not follow redirects, and must return every HTTP status as a {@link Response} (throwing only
 * when no response was received).
 */
public interface Transport {
    /**
     * @param request the request
     * @return the response, whatever its status
     * @throws IOException if no complete response was received (no network, timeout, connection reset)
     */
    Response send(Request request) throws IOException;

    /** An HTTP request. Immutable. */
    final class Request {
        private final String method;
        private final String url;
        private final Map<String, String> headers;
        private final byte[] body;

        /**
         * @param method  {@code GET}, {@code POST} or {@code PUT}
         * @param url     the absolute URL
         * @param headers request headers (copied)
         * @param body    the body, or {@code null} for none (not copied: do not change it)
         */
        public Request(String method, String url, Map<String, String> headers, byte[] body) {
            this.method = Objects.requireNonNull(method, "method");
            this.url = Objects.requireNonNull(url, "url");
            this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            this.body = body;
        }

        /** @return the method */
        public String method() {
            return method;
        }

        /** @return the absolute URL */
        public String url() {
            return url;
        }

        /** @return the headers; unmodifiable */
        public Map<String, String> headers() {
            return headers;
        }

        /** @return the body or {@code null}; the array is shared, do not change it */
        public byte[] body() {
            return body;
        }
    }

    /** An HTTP response. Immutable. */
    final class Response {
        private final int status;
        private final Map<String, String> headers;
        private final byte[] body;

        /**
         * @param status  the status code
         * @param headers response headers; names are stored in lower case, one value each (copied)
         * @param body    the body, empty if none (not copied)
         */
        public Response(int status, Map<String, String> headers, byte[] body) {
            this.status = status;
            Map<String, String> h = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : headers.entrySet()) {
                if (e.getKey() != null) {
                    h.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
                }
            }
            this.headers = Collections.unmodifiableMap(h);
            this.body = body == null ? new byte[0] : body;
        }

        /** @return the status code */
        public int status() {
            return status;
        }

        /**
         * @param name a header name, any case
         * @return its value, or {@code null}
         */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** @return the body, never {@code null}; the array is shared, do not change it */
        public byte[] body() {
            return body;
        }
    }
}
