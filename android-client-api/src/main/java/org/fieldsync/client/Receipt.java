package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fieldsync.client.json.Base64Url;
import org.fieldsync.client.json.Canonical;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The server's signed statement that it stored an envelope. Format 1 is the canonical JSON
 * <pre>{"receipt":{"deviceId":…,"envelopeSha256":…,"errors":[…],"format":"fieldsync.receipt/1","interviewId":…,
 * "keyId":…,"receivedAt":…,"revision":…,"status":…,"surveyId":…},"signature":"…"}</pre>
 * where the signature is Ed25519, by the server key {@code keyId}, over the bytes of the {@code receipt} object.
 *
 * <p>Instances come only from {@link FieldsyncCrypto#verifyReceipt} (verified against an envelope and the trusted
 * server keys), {@link FieldsyncCrypto#signReceipt} (the server) and the outbox's store of receipts it verified.
 * Immutable.
 */
public final class Receipt {
    /** The media type of a receipt in an HTTP body. */
    public static final String MEDIA_TYPE = "application/vnd.fieldsync.receipt+json";
    /** The format string of version 1 receipts. */
    public static final String FORMAT = "fieldsync.receipt/1";

    private static final Set<String> MEMBERS = Wire.names("deviceId", "envelopeSha256", "errors", "format",
            "interviewId", "keyId", "receivedAt", "revision", "status", "surveyId");
    private static final byte[] HEAD = "{\"receipt\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SIGNATURE = ",\"signature\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\"}".getBytes(StandardCharsets.US_ASCII);

    private final byte[] bytes;
    private final String interviewId;
    private final int revision;
    private final String surveyId;
    private final String deviceId;
    private final String envelopeSha256;
    private final Instant receivedAt;
    private final ReceiptStatus status;
    private final List<ValidationError> errors;
    private final String keyId;

    private Receipt(byte[] bytes, JsonNode r) {
        this.bytes = bytes;
        Wire.exactMembers(r, MEMBERS, "/receipt");
        if (!r.get("format").isTextual() || !FORMAT.equals(r.get("format").textValue())) {
            throw new IllegalArgumentException("/receipt/format must be \"" + FORMAT + "\"");
        }
        interviewId = Wire.text(r, "interviewId", EnvelopeHeader.INTERVIEW_ID);
        revision = (int) Wire.integer(r, "revision", 1, EnvelopeHeader.MAX_REVISION);
        surveyId = Wire.text(r, "surveyId", EnvelopeHeader.MAX_ID);
        deviceId = Wire.text(r, "deviceId", EnvelopeHeader.MAX_ID);
        envelopeSha256 = Wire.text(r, "envelopeSha256", Wire.SHA256_HEX);
        receivedAt = Wire.timestamp(r, "receivedAt");
        status = ReceiptStatus.fromWire(Wire.text(r, "status", 20));
        keyId = Wire.text(r, "keyId", 64);
        JsonNode list = Wire.array(r, "errors");
        List<ValidationError> errs = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            errs.add(ValidationError.fromJson(list.get(i), "/receipt/errors/" + i));
        }
        errors = Collections.unmodifiableList(errs);
    }

    /**
     * Reads a receipt's structure without verifying anything. Package-private: callers outside get receipts only
     * through verification.
     *
     * @throws IllegalArgumentException if the bytes are not a format 1 receipt in canonical form
     */
    static Receipt parse(byte[] bytes) {
        int n = bytes.length;
        int signatureOffset = n - END.length - Envelope.SIGNATURE_CHARS;
        int bodyEnd = signatureOffset - SIGNATURE.length;
        if (bodyEnd <= HEAD.length + 2 || !startsWith(bytes, 0, HEAD) || !startsWith(bytes, bodyEnd, SIGNATURE)
                || !startsWith(bytes, n - END.length, END)) {
            throw new IllegalArgumentException("not {\"receipt\":{…},\"signature\":\"…\"}");
        }
        for (int i = signatureOffset; i < n - END.length; i++) {
            if (!Base64Url.isAlphabet((char) (bytes[i] & 0xff))) {
                throw new IllegalArgumentException("/signature must be base64url without padding");
            }
        }
        if (!Canonical.isCanonical(bytes, HEAD.length, bodyEnd - HEAD.length)) {
            throw new IllegalArgumentException("/receipt is not an object in canonical form");
        }
        JsonNode r = Canonical.parse(bytes, HEAD.length, bodyEnd - HEAD.length);
        if (!r.isObject()) {
            throw new IllegalArgumentException("/receipt must be an object");
        }
        return new Receipt(bytes, r);
    }

    /**
     * Builds a receipt and signs its body: the receipt read from the body it was built from, not parsed back from
     * its bytes (that parse was a fifth of the cost of a receipt on the server).
     */
    static Receipt signed(EnvelopeHeader h, String envelopeSha256, Instant receivedAt, ReceiptStatus status,
                          List<ValidationError> errors, String keyId, UnaryOperator<byte[]> signer) {
        ObjectNode body = body(h, envelopeSha256, receivedAt, status, errors, keyId);
        byte[] bytes = Canonical.toBytes(body);
        return new Receipt(assemble(bytes, signer.apply(bytes)), body);
    }

    /** A receipt body (the signed part). */
    private static ObjectNode body(EnvelopeHeader h, String envelopeSha256, Instant receivedAt, ReceiptStatus status,
                                   List<ValidationError> errors, String keyId) {
        ObjectNode o = Wire.object();
        o.put("deviceId", h.deviceId());
        o.put("envelopeSha256", envelopeSha256);
        ArrayNode a = o.putArray("errors");
        for (ValidationError e : errors) {
            a.add(e.toJson());
        }
        o.put("format", FORMAT);
        o.put("interviewId", h.interviewId());
        o.put("keyId", keyId);
        o.put("receivedAt", Timestamps.format(receivedAt));
        o.put("revision", h.revision());
        o.put("status", status.wire());
        o.put("surveyId", h.surveyId());
        return o;
    }

    /** Assembles receipt bytes from the signed body and the signature. */
    private static byte[] assemble(byte[] body, byte[] signature) {
        byte[] s = Base64Url.encodeToAscii(signature);
        byte[] out = new byte[HEAD.length + body.length + SIGNATURE.length + s.length + END.length];
        int i = 0;
        for (byte[] part : new byte[][] {HEAD, body, SIGNATURE, s, END}) {
            System.arraycopy(part, 0, out, i, part.length);
            i += part.length;
        }
        return out;
    }

    private static boolean startsWith(byte[] b, int at, byte[] literal) {
        if (at < 0 || at + literal.length > b.length) {
            return false;
        }
        for (int k = 0; k < literal.length; k++) {
            if (b[at + k] != literal[k]) {
                return false;
            }
        }
        return true;
    }

    int bodyOffset() {
        return HEAD.length;
    }

    int bodyLength() {
        return bytes.length - HEAD.length - SIGNATURE.length - Envelope.SIGNATURE_CHARS - END.length;
    }

    int signatureOffset() {
        return bytes.length - END.length - Envelope.SIGNATURE_CHARS;
    }

    byte[] bytes() {
        return bytes;
    }

    /** @return the receipt's exact bytes (what the server sent and the outbox stores), a fresh copy */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** @return the interview id */
    public String interviewId() {
        return interviewId;
    }

    /** @return the revision */
    public int revision() {
        return revision;
    }

    /** @return the survey id */
    public String surveyId() {
        return surveyId;
    }

    /** @return the id of the device that uploaded the envelope */
    public String deviceId() {
        return deviceId;
    }

    /** @return the lowercase hex SHA-256 of the envelope bytes the server stored */
    public String envelopeSha256() {
        return envelopeSha256;
    }

    /** @return when the server first stored the envelope (the same on every replay) */
    public Instant receivedAt() {
        return receivedAt;
    }

    /** @return accepted or quarantined */
    public ReceiptStatus status() {
        return status;
    }

    /** @return the validation errors, empty when accepted; unmodifiable */
    public List<ValidationError> errors() {
        return errors;
    }

    /** @return the id of the server key that signed the receipt */
    public String keyId() {
        return keyId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Receipt && java.util.Arrays.equals(bytes, ((Receipt) o).bytes);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Receipt[" + interviewId + "#" + revision + " " + status.wire() + ", " + errors.size() + " errors]";
    }
}
