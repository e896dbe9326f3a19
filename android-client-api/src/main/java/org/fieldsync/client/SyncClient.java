package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fieldsync.client.json.Base64Url;
import org.fieldsync.client.json.Canonical;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.security.SecureRandom;

/**
 * The tablet's side of the sync protocol (docs/sync-protocol.md): enrol, pull, push, and drain the outbox with
 * backoff. Every receipt is verified (server signature, interview id, revision, SHA-256 of the envelope) before an
 * envelope leaves the outbox.
 *
 * <p>Calls block on the network: run them on a background thread (WorkManager on Android). The client holds no
 * mutable state and is thread-safe; credentials and keys are passed to each call.
 */
public final class SyncClient {
    private static final String PROBLEM = "application/problem+json";

    private final String baseUrl;
    private final Transport transport;
    private final Sleeper sleeper;
    private final Random random;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int maxAttempts;
    private final Duration maxRetryAfter;
    private final String userAgent;

    private SyncClient(Builder b) {
        String url = b.baseUrl;
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (!url.startsWith("https://") && !(b.allowCleartext && url.startsWith("http://"))) {
            throw new IllegalArgumentException("the server URL must be https:// (cleartext only when allowed): " + url);
        }
        this.baseUrl = url;
        this.transport = b.transport;
        this.sleeper = b.sleeper;
        this.random = b.random;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxAttempts = b.maxAttempts;
        this.maxRetryAfter = b.maxRetryAfter;
        this.userAgent = b.userAgent;
    }

    /**
     * @param baseUrl the server's base URL, e.g. {@code https://fieldsync.example.org}
     * @return a builder with the defaults: {@link HttpUrlConnectionTransport}, real sleeping, backoff from 2 s to
     *         5 min with at most 6 attempts per envelope and drain
     */
    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    // ---------------------------------------------------------------- enrolment

    /**
     * Enrols this device: sends the one-time code with the device's public key and a proof that it holds the
     * private key. Store the whole result; trust its {@link EnrolmentResult#serverSigningKey()}.
     *
     * @param code       the enrolment code, as typed or from {@link EnrolmentInvite#code()}
     * @param signer     the new device key (generate it just before enrolling)
     * @param deviceName a name for supervisors to recognise the tablet, e.g. its label
     * @param appVersion the app's version
     * @return the device id, token, enumerator, survey and server signing key
     * @throws SyncException {@code enrolment.code-invalid} (401, kind REJECTED) for an unknown, used or expired
     *                       code, {@code enrolment.proof-invalid}, or any other failure
     */
    public EnrolmentResult enrol(String code, DeviceSigner signer, String deviceName, String appVersion) {
        String normalized = EnrolmentInvite.normalizeCode(code);
        ObjectNode body = Wire.object();
        body.put("code", normalized);
        body.put("publicKey", Base64Url.encode(signer.publicKey()));
        body.put("proof", Base64Url.encode(FieldsyncCrypto.enrolmentProof(normalized, signer)));
        body.put("deviceName", deviceName);
        body.put("appVersion", appVersion);
        Transport.Response r = call("POST", "/api/v1/devices/enrol", null, "application/json",
                Canonical.toBytes(body), "application/json");
        if (r.status() != 200 && r.status() != 201) {
            SyncException e = failure(r);
            if (e.kind() == SyncException.Kind.DEVICE_REJECTED) {
                // 401 here means a bad code, not a rejected device: ask for a new code.
                throw new SyncException(SyncException.Kind.REJECTED, e.code(), e.status(), e.getMessage(), null, null);
            }
            throw e;
        }
        return read(r, EnrolmentResult::fromJson);
    }

    // ---------------------------------------------------------------- pull

    /**
     * Pulls one page of changes.
     *
     * @param credentials the device's credentials
     * @param cursor      the stored cursor, or {@code null} for a full snapshot
     * @return the page
     * @throws SyncException on any failure
     */
    public PullResponse pull(DeviceCredentials credentials, String cursor) {
        String path = "/api/v1/sync/pull" + (cursor == null ? "" : "?cursor=" + urlEncode(cursor));
        Transport.Response r = call("GET", path, credentials, null, null, "application/json");
        expect(r, 200);
        return read(r, PullResponse::fromJson);
    }

    /**
     * Pulls until the server has nothing more: for each page, the handler stores it, then the cursor store saves the
     * page's cursor. If the handler throws, the pull stops and the cursor stays where it was.
     *
     * @param credentials the device's credentials
     * @param cursors     where the cursor is kept
     * @param handler     stores each page durably
     * @return the number of pages pulled
     * @throws SyncException on a failed call; {@code response.invalid} if the server keeps saying "more" without
     *                       moving the cursor
     * @throws RuntimeException what the handler threw (checked exceptions wrapped in {@link IllegalStateException})
     */
    public int pullAll(DeviceCredentials credentials, CursorStore cursors, PullHandler handler) {
        String cursor = cursors.load();
        for (int pages = 1; ; pages++) {
            PullResponse page = pull(credentials, cursor);
            try {
                handler.onPage(page);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("storing a pulled page failed: " + e.getMessage(), e);
            }
            cursors.save(page.cursor());
            if (!page.more()) {
                return pages;
            }
            if (page.cursor().equals(cursor) || pages >= 10_000) {
                throw new SyncException(SyncException.Kind.RESPONSE_INVALID, "response.invalid", 200,
                        "the server announces more changes without advancing the cursor", null, null);
            }
            cursor = page.cursor();
        }
    }

    /**
     * Downloads a questionnaire version and checks it against the SHA-256 the pull announced.
     *
     * @param credentials the device's credentials
     * @param ref         the version, from {@link PullResponse#questionnaires()}
     * @return the questionnaire document (canonical JSON)
     * @throws SyncException {@code response.invalid} if the document does not match its SHA-256, or any failure
     */
    public byte[] downloadQuestionnaire(DeviceCredentials credentials, QuestionnaireRef ref) {
        Transport.Response r = call("GET", "/api/v1/questionnaires/" + urlEncode(ref.formId()) + "/versions/"
                + ref.version(), credentials, null, null, "application/schema+json");
        expect(r, 200);
        byte[] body = r.body();
        if (!FieldsyncCrypto.sha256Hex(body, 0, body.length).equals(ref.sha256())) {
            throw new SyncException(SyncException.Kind.RESPONSE_INVALID, "response.invalid", 200,
                    "questionnaire " + ref + " does not match its announced SHA-256", null, null);
        }
        return body;
    }

    // ---------------------------------------------------------------- push

    /**
     * Uploads one envelope and verifies the receipt. Uploading the same envelope again returns the same receipt.
     *
     * @param credentials the device's credentials
     * @param envelope    the envelope
     * @param serverKeys  the trusted server signing keys
     * @return the verified receipt (pass it to {@link Outbox#markReceipt})
     * @throws SyncException on a failed call, or with kind {@link SyncException.Kind#RESPONSE_INVALID} and a code
     *                       {@code receipt.malformed}, {@code receipt.key-unknown}, {@code receipt.signature-invalid}
     *                       or {@code receipt.mismatch} if the receipt does not verify
     */
    public Receipt push(DeviceCredentials credentials, Envelope envelope, ServerKeyRing serverKeys) {
        EnvelopeHeader h = envelope.header();
        Transport.Response r = call("PUT", "/api/v1/sync/interviews/" + h.interviewId() + "/revisions/"
                + h.revision(), credentials, Envelope.MEDIA_TYPE, envelope.bytes(), Receipt.MEDIA_TYPE);
        expect(r, 200, 201);
        try {
            return FieldsyncCrypto.verifyReceipt(r.body(), envelope, serverKeys);
        } catch (SealingException e) {
            String code = "receipt." + e.code().name().substring("RECEIPT_".length()).toLowerCase(Locale.ROOT)
                    .replace('_', '-');
            throw new SyncException(SyncException.Kind.RESPONSE_INVALID, code, r.status(), e.getMessage(), null, e);
        }
    }

    /**
     * Uploads every pending envelope of the outbox, oldest first, and records each verified receipt in it.
     * <ul>
     *   <li>A retryable failure (no network, 408, 429, 5xx) is retried for the same envelope after
     *       {@link Backoff} delays (at least the server's {@code Retry-After}); after the last attempt the drain
     *       stops, since the others would fail alike.</li>
     *   <li>A refused envelope (409 {@code upload.revision-conflict}, 422 ...) or a receipt that does not verify is
     *       reported in {@link DrainReport#failed()}, stays in the outbox, and the drain goes on with the next.</li>
     *   <li>A rejected device (401, 403 {@code device.revoked}) stops the drain at once.</li>
     * </ul>
     * The backoff is reset after each success.
     *
     * @param credentials the device's credentials
     * @param outbox      the outbox
     * @param serverKeys  the trusted server signing keys
     * @return what happened
     * @throws OutboxException if the outbox cannot be read or written
     */
    public DrainReport drain(DeviceCredentials credentials, Outbox outbox, ServerKeyRing serverKeys) {
        Backoff backoff = new Backoff(initialBackoff, maxBackoff, random);
        List<Receipt> delivered = new ArrayList<>();
        List<DrainReport.Failure> failed = new ArrayList<>();
        for (Outbox.Key key : outbox.pendingKeys()) {
            Envelope envelope = outbox.find(key.interviewId, key.revision); // one at a time: bounded memory
            if (envelope == null) {
                continue; // delivered meanwhile by another drain
            }
            int attempts = 0;
            while (true) {
                try {
                    Receipt receipt = push(credentials, envelope, serverKeys);
                    delivered.add(outbox.markReceipt(receipt, serverKeys));
                    backoff.reset();
                    break;
                } catch (SyncException e) {
                    if (e.kind() == SyncException.Kind.DEVICE_REJECTED) {
                        return new DrainReport(delivered, failed, e, outbox.pendingCount());
                    }
                    if (e.kind() != SyncException.Kind.RETRYABLE) {
                        failed.add(new DrainReport.Failure(envelope, e));
                        break;
                    }
                    attempts++;
                    if (attempts >= maxAttempts) {
                        return new DrainReport(delivered, failed, e, outbox.pendingCount());
                    }
                    Duration delay = backoff.next();
                    if (e.retryAfter() != null && e.retryAfter().compareTo(delay) > 0) {
                        delay = e.retryAfter().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : e.retryAfter();
                    }
                    try {
                        sleeper.sleep(delay);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        SyncException stop = new SyncException(SyncException.Kind.RETRYABLE, "client.interrupted",
                                0, "the drain was interrupted", null, ie);
                        return new DrainReport(delivered, failed, stop, outbox.pendingCount());
                    }
                }
            }
        }
        return new DrainReport(delivered, failed, null, outbox.pendingCount());
    }

    // ---------------------------------------------------------------- HTTP

    private Transport.Response call(String method, String path, DeviceCredentials credentials, String contentType,
                                    byte[] body, String accept) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", accept + ", " + PROBLEM);
        headers.put("User-Agent", userAgent);
        if (credentials != null) {
            headers.put("Authorization", "Bearer " + credentials.token());
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        try {
            return transport.send(new Transport.Request(method, baseUrl + path, headers, body));
        } catch (IOException e) {
            throw new SyncException(SyncException.Kind.RETRYABLE, "network.io", 0,
                    method + " " + path + " failed: " + e.getMessage(), null, e);
        }
    }

    private static void expect(Transport.Response r, int... statuses) {
        for (int s : statuses) {
            if (r.status() == s) {
                return;
            }
        }
        throw failure(r);
    }

    /** Classifies an unexpected response (docs/sync-protocol.md, "Errors"). */
    static SyncException failure(Transport.Response r) {
        int status = r.status();
        String code = "http." + status;
        String message = "HTTP " + status;
        try {
            JsonNode problem = Wire.parseObject(r.body());
            if (problem.path("code").isTextual()) {
                code = problem.get("code").textValue();
            }
            if (problem.path("message").isTextual()) {
                message = problem.get("message").textValue();
            }
        } catch (IllegalArgumentException ignored) {
            // a body that is not a problem document (a proxy's HTML page): keep the status code
        }
        SyncException.Kind kind;
        if (status == 401 || (status == 403 && code.equals("device.revoked"))) {
            kind = SyncException.Kind.DEVICE_REJECTED;
        } else if (status == 408 || status == 425 || status == 429 || status >= 500) {
            kind = SyncException.Kind.RETRYABLE;
        } else if (status >= 400) {
            kind = SyncException.Kind.REJECTED;
        } else {
            kind = SyncException.Kind.RESPONSE_INVALID;
            message = "unexpected HTTP status " + status;
        }
        return new SyncException(kind, code, status, message, retryAfter(r.header("Retry-After")), null);
    }

    private static Duration retryAfter(String value) {
        if (value == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            return null; // an HTTP date: ignored, the backoff applies
        }
    }

    private interface Reader<T> {
        T read(JsonNode node);
    }

    private static <T> T read(Transport.Response r, Reader<T> reader) {
        try {
            return reader.read(Wire.parseObject(r.body()));
        } catch (IllegalArgumentException e) {
            throw new SyncException(SyncException.Kind.RESPONSE_INVALID, "response.invalid", r.status(),
                    "the server's response does not follow the protocol: " + e.getMessage(), null, e);
        }
    }

    private static String urlEncode(String s) {
        try {
            return URLEncoder.encode(s, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Configures a {@link SyncClient}. Not thread-safe. */
    public static final class Builder {
        private final String baseUrl;
        private Transport transport = new HttpUrlConnectionTransport();
        private Sleeper sleeper = Sleeper.SYSTEM;
        private Random random = new SecureRandom();
        private Duration initialBackoff = Duration.ofSeconds(2);
        private Duration maxBackoff = Duration.ofMinutes(5);
        private int maxAttempts = 6;
        private Duration maxRetryAfter = Duration.ofMinutes(15);
        private boolean allowCleartext;
        private String userAgent = "fieldsync-android-client-api/1";

        private Builder(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        }

        /**
         * @param t the transport
         * @return this builder
         */
        public Builder transport(Transport t) {
            transport = Objects.requireNonNull(t);
            return this;
        }

        /**
         * @param s how to wait between retries (tests inject a recorder)
         * @return this builder
         */
        public Builder sleeper(Sleeper s) {
            sleeper = Objects.requireNonNull(s);
            return this;
        }

        /**
         * @param r the source of backoff jitter
         * @return this builder
         */
        public Builder random(Random r) {
            random = Objects.requireNonNull(r);
            return this;
        }

        /**
         * @param initial     the delay bound after the first failure
         * @param cap         the largest delay bound
         * @param maxAttempts attempts per envelope before the drain gives up (at least 1)
         * @return this builder
         */
        public Builder backoff(Duration initial, Duration cap, int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.initialBackoff = Objects.requireNonNull(initial);
            this.maxBackoff = Objects.requireNonNull(cap);
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * @param d the longest {@code Retry-After} honoured (longer ones are cut to it)
         * @return this builder
         */
        public Builder maxRetryAfter(Duration d) {
            maxRetryAfter = Objects.requireNonNull(d);
            return this;
        }

        /**
         * @param allow whether an {@code http://} base URL is accepted: for tests and local development only
         * @return this builder
         */
        public Builder allowCleartext(boolean allow) {
            allowCleartext = allow;
            return this;
        }

        /**
         * @param ua the User-Agent header, e.g. {@code my-app/1.4}
         * @return this builder
         */
        public Builder userAgent(String ua) {
            userAgent = Objects.requireNonNull(ua);
            return this;
        }

        /**
         * @return the client
         * @throws IllegalArgumentException if the base URL is not https (and cleartext is not allowed) or the backoff
         *                                  bounds are inconsistent
         */
        public SyncClient build() {
            new Backoff(initialBackoff, maxBackoff, random); // validates the bounds
            return new SyncClient(this);
        }
    }
}
