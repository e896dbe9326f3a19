package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.fieldsync.client.json.Base64Url;
import org.fieldsync.client.json.Canonical;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny server side of the sync protocol for the client tests, built on the JDK's HTTP server and the library's
 * own crypto (as the real server will be). Scripted failures are answered before the normal handling.
 */
final class FakeServer implements AutoCloseable {
    static final String CODE = "7KQ2M9XD4RTB";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern UPLOAD = Pattern.compile("/api/v1/sync/interviews/([A-Za-z0-9-]+)/revisions/(\\d+)");

    private final HttpServer server;
    final Map<String, byte[]> devices = new ConcurrentHashMap<>(); // token -> public key
    final Map<String, String> deviceIds = new ConcurrentHashMap<>(); // token -> device id
    final Map<String, Envelope> stored = new ConcurrentHashMap<>(); // id#rev -> envelope
    final Map<String, Receipt> receipts = new ConcurrentHashMap<>();
    /** Statuses (with a problem code) to answer uploads with before handling them normally. */
    final Deque<String[]> scriptedUploadFailures = new ArrayDeque<>();
    volatile SigningKeyPair receiptKey = Fixtures.SERVER_KEY;
    volatile boolean revoked;
    volatile int uploads;

    FakeServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/devices/enrol", this::enrol);
        server.createContext("/api/v1/sync/pull", this::pull);
        server.createContext("/api/v1/sync/interviews/", this::upload);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void enrol(HttpExchange x) throws IOException {
        JsonNode body = Canonical.parse(read(x));
        byte[] publicKey = Base64Url.decode(body.get("publicKey").textValue());
        if (!CODE.equals(body.get("code").textValue())) {
            problem(x, 401, "enrolment.code-invalid");
            return;
        }
        try {
            FieldsyncCrypto.verifyEnrolmentProof(body.get("code").textValue(), publicKey,
                    Base64Url.decode(body.get("proof").textValue()));
        } catch (SealingException e) {
            problem(x, 422, "enrolment.proof-invalid");
            return;
        }
        String token = "tok-" + devices.size();
        devices.put(token, publicKey);
        deviceIds.put(token, Fixtures.DEVICE_ID);
        ObjectNode o = NODES.objectNode();
        o.put("deviceId", Fixtures.DEVICE_ID);
        o.put("token", token);
        o.putObject("enumerator").put("id", "0b6c1f5e-8a61-4a7e-9f07-5d3c2a1b0e99").put("username", "amina");
        o.putObject("survey").put("id", "mig-2025").put("name", "Migration 2025");
        o.set("serverSigningKey", Fixtures.SERVER_PUBLIC.toNode());
        send(x, 201, "application/json", Canonical.toBytes(o));
    }

    private void pull(HttpExchange x) throws IOException {
        if (device(x) == null) {
            return;
        }
        String query = x.getRequestURI().getRawQuery();
        String cursor = query == null ? null : URLDecoder.decode(query.substring("cursor=".length()), "UTF-8");
        ObjectNode o = NODES.objectNode();
        ArrayNode changes = o.putArray("changes");
        if (cursor == null) {
            o.put("cursor", "c1");
            o.put("more", true);
            o.put("snapshot", true);
            ObjectNode a = changes.addObject().put("seq", 1).put("type", "assignment.added").putObject("assignment");
            a.put("assignmentId", "asg-0042").put("surveyId", "mig-2025").put("eaId", "ea-17")
                    .put("householdId", "hh-0042").put("householdType", "migrant").put("formId", "household")
                    .put("formVersion", 3);
            a.putObject("preload").put("headName", "Amina").put("lat", 12.5);
        } else if (cursor.equals("c1")) {
            o.put("cursor", "c2");
            o.put("more", false);
            o.put("snapshot", true); // still the snapshot that started without a cursor
            changes.addObject().put("seq", 2).put("type", "assignment.withdrawn").put("assignmentId", "asg-0007")
                    .put("reason", "reassigned");
            ObjectNode r = changes.addObject().put("seq", 3).put("type", "interview.returned")
                    .put("interviewId", "int-9").put("revision", 1).put("assignmentId", "asg-0009")
                    .put("formId", "household").put("formVersion", 3).put("returnedAt", "2025-03-03T09:00:00.000Z")
                    .put("returnedBy", "sup-ines");
            r.putArray("comments").addObject().put("pointer", "/head/age").put("text", "Check the age")
                    .put("author", "sup-ines").put("at", "2025-03-03T08:59:00.000Z");
            r.putObject("answers").put("hh_size", 4);
            changes.addObject().put("seq", 4).put("type", "survey.closed");
        } else {
            o.put("cursor", cursor);
            o.put("more", false);
        }
        o.set("surveyKey", Fixtures.SURVEY_KEY.publishedKey().toNode());
        o.set("serverSigningKey", Fixtures.SERVER_PUBLIC.toNode());
        o.putArray("questionnaires").addObject().put("formId", "household").put("version", 3)
                .put("sha256", "a".repeat(64));
        // Pull responses need not be canonical (the preload holds a decimal): plain Jackson output.
        send(x, 200, "application/json", Canonical.mapper().writeValueAsBytes(o));
    }

    private void upload(HttpExchange x) throws IOException {
        uploads++;
        String token = device(x);
        if (token == null) {
            return;
        }
        String[] scripted;
        synchronized (scriptedUploadFailures) {
            scripted = scriptedUploadFailures.poll();
        }
        if (scripted != null) {
            if (scripted.length > 2) {
                x.getResponseHeaders().set("Retry-After", scripted[2]);
            }
            problem(x, Integer.parseInt(scripted[0]), scripted[1]);
            return;
        }
        Matcher m = UPLOAD.matcher(x.getRequestURI().getPath());
        if (!m.matches() || !"PUT".equals(x.getRequestMethod())) {
            problem(x, 404, "resource.not-found");
            return;
        }
        if (!Envelope.MEDIA_TYPE.equals(x.getRequestHeaders().getFirst("Content-Type"))) {
            problem(x, 415, "request.unsupported-media-type");
            return;
        }
        Envelope envelope;
        try {
            envelope = Envelope.parse(read(x));
            FieldsyncCrypto.open(envelope, new UploadContext(m.group(1), Integer.parseInt(m.group(2)),
                    deviceIds.get(token), devices.get(token)), Fixtures.SURVEY_KEY);
        } catch (SealingException e) {
            problem(x, e.code() == SealingException.Code.ENVELOPE_MALFORMED ? 400 : 422, uploadCode(e.code()));
            return;
        }
        String key = m.group(1) + "#" + m.group(2);
        Envelope existing = stored.putIfAbsent(key, envelope);
        if (existing != null && !existing.equals(envelope)) {
            problem(x, 409, "upload.revision-conflict");
            return;
        }
        Receipt receipt = receipts.computeIfAbsent(key, k -> FieldsyncCrypto.signReceipt(envelope,
                Instant.parse("2025-03-02T10:00:00Z"), ReceiptStatus.ACCEPTED, List.of(), receiptKey,
                Fixtures.SERVER_KEY_ID));
        send(x, existing == null ? 201 : 200, Receipt.MEDIA_TYPE, receipt.toByteArray());
    }

    /** The mapping of docs/sync-protocol.md, "Errors". */
    static String uploadCode(SealingException.Code code) {
        switch (code) {
            case ENVELOPE_MALFORMED:
                return "upload.envelope-invalid";
            case SIGNATURE_INVALID:
                return "upload.signature-invalid";
            case HEADER_MISMATCH:
                return "upload.header-mismatch";
            case SURVEY_KEY_MISMATCH:
                return "upload.survey-key-unknown";
            default:
                return "upload.decrypt-failed";
        }
    }

    /** @return the token, or null after answering 401/403 */
    private String device(HttpExchange x) throws IOException {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        String token = auth == null ? null : auth.replaceFirst("^Bearer ", "");
        if (token == null || !devices.containsKey(token)) {
            problem(x, 401, "auth.token-invalid");
            return null;
        }
        if (revoked) {
            problem(x, 403, "device.revoked");
            return null;
        }
        return token;
    }

    private static void problem(HttpExchange x, int status, String code) throws IOException {
        ObjectNode o = NODES.objectNode().put("code", code).put("message", "scripted " + code);
        o.putObject("details");
        send(x, status, "application/problem+json", Canonical.toBytes(o));
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] read(HttpExchange x) throws IOException {
        try (InputStream in = x.getRequestBody()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
