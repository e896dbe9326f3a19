package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fieldsync.client.json.Base64Url;
import org.fieldsync.client.json.Canonical;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/** Shared keys, headers and envelopes for the tests. */
final class Fixtures {
    static final SigningKeyPair DEVICE_KEY = FieldsyncCrypto.signingKeyPair(bytes(1));
    static final SigningKeyPair OTHER_DEVICE_KEY = FieldsyncCrypto.signingKeyPair(bytes(2));
    static final SigningKeyPair SERVER_KEY = FieldsyncCrypto.signingKeyPair(bytes(3));
    static final SigningKeyPair OTHER_SERVER_KEY = FieldsyncCrypto.signingKeyPair(bytes(4));
    static final SurveyKeyPair SURVEY_KEY = FieldsyncCrypto.surveyKeyPair("survey-key-1", bytes(5));
    static final SurveyKeyPair OTHER_SURVEY_KEY = FieldsyncCrypto.surveyKeyPair("survey-key-2", bytes(6));
    static final String SERVER_KEY_ID = "server-key-1";
    static final PublishedKey SERVER_PUBLIC = new PublishedKey(SERVER_KEY_ID, SERVER_KEY.publicKey());
    static final ServerKeyRing SERVER_KEYS = ServerKeyRing.of(SERVER_PUBLIC);
    static final String DEVICE_ID = "dev-7f3a";
    static final Sealer SEALER = new Sealer(DEVICE_ID, FieldsyncCrypto.signer(DEVICE_KEY));
    static final byte[] ANSWERS = utf8("{\"hh_size\":4,\"head\":{\"name\":\"Amina\",\"age\":41},\"notes\":\"\u00e9t\u00e9\"}");

    private Fixtures() {
    }

    static byte[] bytes(int fill) {
        byte[] b = new byte[32];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (fill * 31 + i);
        }
        return b;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static EnvelopeHeader.Builder header(String interviewId) {
        return EnvelopeHeader.builder()
                .interviewId(interviewId)
                .revision(1)
                .surveyId("mig-2025")
                .formId("household")
                .formVersion(3)
                .assignmentId("asg-0042")
                .householdId("hh-0042")
                .eaId("ea-17")
                .deviceId(DEVICE_ID)
                .enumeratorId("0b6c1f5e-8a61-4a7e-9f07-5d3c2a1b0e99")
                .disposition("completed")
                .householdTypeFound("migrant")
                .startedAt(Instant.parse("2025-03-01T08:15:00.123Z"))
                .endedAt(Instant.parse("2025-03-01T08:52:41Z"))
                .surveyKeyId(SURVEY_KEY.keyId());
    }

    static Envelope envelope(String interviewId) {
        return SEALER.seal(header(interviewId).build(), ANSWERS, SURVEY_KEY.publishedKey());
    }

    /** The envelope as a mutable JSON tree, to tamper with. */
    static ObjectNode tree(Envelope e) {
        return (ObjectNode) Canonical.parse(e.toByteArray());
    }

    /** Reassembles a tampered tree; re-signs the sealed part with the key if one is given, else keeps the signature. */
    static Envelope reassemble(ObjectNode tree, SigningKeyPair resignWith) {
        byte[] sealed = Canonical.toBytes(tree.get("sealed"));
        String signature = resignWith == null ? tree.get("signature").textValue()
                : Base64Url.encode(FieldsyncCrypto.sign(resignWith, sealed, 0, sealed.length));
        byte[] head = utf8("{\"sealed\":");
        byte[] tail = utf8(",\"signature\":\"" + signature + "\"}");
        byte[] out = Arrays.copyOf(head, head.length + sealed.length + tail.length);
        System.arraycopy(sealed, 0, out, head.length, sealed.length);
        System.arraycopy(tail, 0, out, head.length + sealed.length, tail.length);
        return Envelope.parse(out);
    }

    static JsonNode json(byte[] bytes) {
        return Canonical.parse(bytes);
    }

    static Receipt receipt(Envelope e) {
        return FieldsyncCrypto.signReceipt(e, Instant.parse("2025-03-02T10:00:00Z"), ReceiptStatus.ACCEPTED,
                java.util.List.of(), SERVER_KEY, SERVER_KEY_ID);
    }
}
