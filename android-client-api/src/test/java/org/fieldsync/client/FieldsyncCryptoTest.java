package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.fieldsync.client.json.Base64Url;
import org.fieldsync.client.json.Canonical;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.fieldsync.client.Fixtures.ANSWERS;
import static org.fieldsync.client.Fixtures.DEVICE_ID;
import static org.fieldsync.client.Fixtures.DEVICE_KEY;
import static org.fieldsync.client.Fixtures.OTHER_DEVICE_KEY;
import static org.fieldsync.client.Fixtures.OTHER_SURVEY_KEY;
import static org.fieldsync.client.Fixtures.SURVEY_KEY;
import static org.fieldsync.client.Fixtures.envelope;
import static org.fieldsync.client.Fixtures.header;
import static org.fieldsync.client.Fixtures.reassemble;
import static org.fieldsync.client.Fixtures.tree;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldsyncCryptoTest {
    private static final byte[] DEVICE_PUBLIC = DEVICE_KEY.publicKey();
    private static final UploadContext UPLOAD = new UploadContext("int-1", 1, DEVICE_ID, DEVICE_PUBLIC);

    private static SealingException.Code openFails(Envelope e) {
        return assertThrows(SealingException.class,
                () -> FieldsyncCrypto.open(e, DEVICE_PUBLIC, SURVEY_KEY, FieldsyncCrypto.DEFAULT_MAX_ANSWERS_BYTES))
                .code();
    }

    @Test
    void sealThenOpenGivesBackTheHeaderAndTheAnswers() {
        EnvelopeHeader header = header("int-1").build();
        Envelope e = Fixtures.SEALER.seal(header, ANSWERS, SURVEY_KEY.publishedKey());

        OpenedEnvelope opened = FieldsyncCrypto.open(e, UPLOAD, SURVEY_KEY);

        assertEquals(header, opened.header());
        assertArrayEquals(ANSWERS, opened.answers());
        assertEquals(e, Envelope.parse(e.toByteArray()));
    }

    @Test
    void envelopeBytesAreTheirOwnCanonicalJson() {
        Envelope e = envelope("int-1");
        byte[] bytes = e.toByteArray();

        assertArrayEquals(bytes, Canonical.toBytes(Canonical.parse(bytes)));
        assertArrayEquals(e.header().canonicalJson(), e.headerJson());
    }

    @Test
    void sealingTwiceGivesDifferentCiphertextsThatBothOpen() {
        Envelope a = envelope("int-1");
        Envelope b = envelope("int-1");

        assertNotEquals(a, b); // fresh encapsulated key each time
        assertArrayEquals(ANSWERS, FieldsyncCrypto.open(b, UPLOAD, SURVEY_KEY).answers());
    }

    @Test
    void ciphertextChangedInTransitFailsTheSignature() {
        ObjectNode t = tree(envelope("int-1"));
        flipCiphertext(t);

        assertEquals(SealingException.Code.SIGNATURE_INVALID, openFails(reassemble(t, null)));
    }

    @Test
    void ciphertextChangedAndResignedByTheDeviceFailsTheAead() {
        ObjectNode t = tree(envelope("int-1"));
        flipCiphertext(t);

        assertEquals(SealingException.Code.CIPHERTEXT_TAMPERED, openFails(reassemble(t, DEVICE_KEY)));
    }

    @Test
    void encapsulatedKeyChangedAndResignedFailsTheHeaderTag() {
        ObjectNode t = tree(envelope("int-1"));
        byte[] enc = Base64Url.decode(t.get("sealed").get("enc").textValue());
        enc[5] ^= 1;
        ((ObjectNode) t.get("sealed")).put("enc", Base64Url.encode(enc));

        SealingException.Code code = openFails(reassemble(t, DEVICE_KEY));

        // Another encapsulated key derives another context: the tag under it cannot match.
        assertTrue(code == SealingException.Code.HEADER_TAMPERED || code == SealingException.Code.CIPHERTEXT_TAMPERED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"interviewId", "revision", "surveyId", "formId", "formVersion", "assignmentId",
            "householdId", "eaId", "deviceId", "enumeratorId", "disposition", "householdTypeFound", "startedAt",
            "endedAt", "attachments"})
    void everyHeaderMemberChangedAfterSealingIsDetected(String member) {
        ObjectNode t = tree(envelope("int-1"));
        tamper((ObjectNode) t.get("sealed").get("header"), member);

        assertEquals(SealingException.Code.SIGNATURE_INVALID, openFails(reassemble(t, null)),
                "changed in transit");
        assertEquals(SealingException.Code.HEADER_TAMPERED, openFails(reassemble(t, DEVICE_KEY)),
                "changed and re-signed by the device's key");
    }

    @Test
    void surveyKeyIdChangedInTheHeaderIsASurveyKeyMismatch() {
        ObjectNode t = tree(envelope("int-1"));
        ((ObjectNode) t.get("sealed").get("header")).put("surveyKeyId", "survey-key-9");

        assertEquals(SealingException.Code.SURVEY_KEY_MISMATCH, openFails(reassemble(t, DEVICE_KEY)));
    }

    @Test
    void headerWithAnotherFormatIsMalformed() {
        ObjectNode t = tree(envelope("int-1"));
        ((ObjectNode) t.get("sealed").get("header")).put("format", "fieldsync.envelope/2");

        SealingException e = assertThrows(SealingException.class, () -> reassemble(t, DEVICE_KEY));
        assertEquals(SealingException.Code.ENVELOPE_MALFORMED, e.code());
    }

    @Test
    void envelopeSealedToAnotherSurveyKeyIsRefusedByKeyId() {
        Envelope e = Fixtures.SEALER.seal(header("int-1").surveyKeyId(OTHER_SURVEY_KEY.keyId()).build(), ANSWERS,
                OTHER_SURVEY_KEY.publishedKey());

        assertEquals(SealingException.Code.SURVEY_KEY_MISMATCH, openFails(e));
        assertArrayEquals(ANSWERS, FieldsyncCrypto.open(e, DEVICE_PUBLIC, OTHER_SURVEY_KEY, 1 << 20).answers());
    }

    @Test
    void envelopeSealedToAnotherKeyButLabelledWithOursFailsTheHeaderTag() {
        PublishedKey mislabelled = new PublishedKey(SURVEY_KEY.keyId(), OTHER_SURVEY_KEY.publicKey());
        Envelope e = Fixtures.SEALER.seal(header("int-1").build(), ANSWERS, mislabelled);

        assertEquals(SealingException.Code.HEADER_TAMPERED, openFails(e));
    }

    @Test
    void envelopeSignedByAnotherDeviceKeyIsRefused() {
        Sealer other = new Sealer(DEVICE_ID, FieldsyncCrypto.signer(OTHER_DEVICE_KEY));
        Envelope e = other.seal(header("int-1").build(), ANSWERS, SURVEY_KEY.publishedKey());

        assertEquals(SealingException.Code.SIGNATURE_INVALID, openFails(e));
    }

    @Test
    void authenticEnvelopeReplayedUnderAnotherInterviewIdIsAHeaderMismatch() {
        Envelope e = envelope("int-1");

        SealingException ex = assertThrows(SealingException.class, () -> FieldsyncCrypto.open(e,
                new UploadContext("int-2", 1, DEVICE_ID, DEVICE_PUBLIC), SURVEY_KEY));

        assertEquals(SealingException.Code.HEADER_MISMATCH, ex.code());
        assertEquals("interviewId", ex.field());
    }

    @Test
    void authenticEnvelopeReplayedAsAnotherRevisionOrByAnotherDeviceIsAHeaderMismatch() {
        Envelope e = envelope("int-1");

        SealingException revision = assertThrows(SealingException.class, () -> FieldsyncCrypto.open(e,
                new UploadContext("int-1", 2, DEVICE_ID, DEVICE_PUBLIC), SURVEY_KEY));
        SealingException device = assertThrows(SealingException.class, () -> FieldsyncCrypto.open(e,
                new UploadContext("int-1", 1, "dev-other", DEVICE_PUBLIC), SURVEY_KEY));

        assertEquals("revision", revision.field());
        assertEquals("deviceId", device.field());
    }

    @Test
    void answersLargerThanTheBoundAreRefused() {
        SealingException ex = assertThrows(SealingException.class,
                () -> FieldsyncCrypto.open(envelope("int-1"), DEVICE_PUBLIC, SURVEY_KEY, 10));

        assertEquals(SealingException.Code.ANSWERS_TOO_LARGE, ex.code());
    }

    @Test
    void envelopeNotInCanonicalFormIsMalformed() {
        String text = new String(envelope("int-1").toByteArray(), StandardCharsets.UTF_8);

        for (String bad : List.of(text.replace("\"header\":{", "\"header\": {"), text + "\n",
                text.replace("\"disposition\":\"completed\"", "\"disposition\":\"complet\\u0065d\""),
                text.replace("\"revision\":1", "\"revision\":1.0"), text.replace("{\"sealed\"", "{ \"sealed\""),
                text.substring(0, text.length() - 10) + "=" + text.substring(text.length() - 9))) {
            SealingException ex = assertThrows(SealingException.class,
                    () -> Envelope.parse(bad.getBytes(StandardCharsets.UTF_8)), bad);
            assertEquals(SealingException.Code.ENVELOPE_MALFORMED, ex.code());
        }
    }

    @Test
    void headerWithAnExtraMemberIsMalformed() {
        ObjectNode t = tree(envelope("int-1"));
        ((ObjectNode) t.get("sealed").get("header")).put("zzz", "extra");

        assertEquals(SealingException.Code.ENVELOPE_MALFORMED,
                assertThrows(SealingException.class, () -> reassemble(t, DEVICE_KEY)).code());
    }

    @Test
    void sealingRefusesALowOrderSurveyKey() {
        PublishedKey zero = new PublishedKey(SURVEY_KEY.keyId(), new byte[32]);

        SealingException ex = assertThrows(SealingException.class,
                () -> Fixtures.SEALER.seal(header("int-1").build(), ANSWERS, zero));

        assertEquals(SealingException.Code.KEY_INVALID, ex.code());
    }

    @Test
    void sealingRefusesAnswersThatAreNotAJsonObjectOrAHeaderForAnotherKeyOrDevice() {
        EnvelopeHeader h = header("int-1").build();

        assertThrows(IllegalArgumentException.class,
                () -> Fixtures.SEALER.seal(h, Fixtures.utf8("[1,2]"), SURVEY_KEY.publishedKey()));
        assertThrows(IllegalArgumentException.class,
                () -> Fixtures.SEALER.seal(h, ANSWERS, OTHER_SURVEY_KEY.publishedKey()));
        assertThrows(IllegalArgumentException.class,
                () -> Fixtures.SEALER.seal(header("int-1").deviceId("dev-other").build(), ANSWERS,
                        SURVEY_KEY.publishedKey()));
    }

    @Test
    void enrolmentProofVerifiesOnlyForItsCodeAndKey() {
        DeviceSigner signer = FieldsyncCrypto.signer(DEVICE_KEY);
        byte[] proof = FieldsyncCrypto.enrolmentProof("7kq2-m9xd-4rtb", signer);

        FieldsyncCrypto.verifyEnrolmentProof("7KQ2M9XD4RTB", DEVICE_PUBLIC, proof);
        assertEquals(SealingException.Code.PROOF_INVALID, assertThrows(SealingException.class,
                () -> FieldsyncCrypto.verifyEnrolmentProof("7KQ2M9XD4RTC", DEVICE_PUBLIC, proof)).code());
        assertEquals(SealingException.Code.PROOF_INVALID, assertThrows(SealingException.class,
                () -> FieldsyncCrypto.verifyEnrolmentProof("7KQ2M9XD4RTB", OTHER_DEVICE_KEY.publicKey(), proof))
                .code());
    }

    @Test
    void keysRoundTripThroughTheirPrivateBytes() {
        SigningKeyPair k = FieldsyncCrypto.generateSigningKeyPair();
        SurveyKeyPair s = FieldsyncCrypto.generateSurveyKeyPair();

        assertArrayEquals(k.publicKey(), FieldsyncCrypto.signingKeyPair(k.privateKey()).publicKey());
        assertArrayEquals(s.publicKey(), FieldsyncCrypto.surveyKeyPair(s.keyId(), s.privateKey()).publicKey());
        assertEquals(FieldsyncCrypto.keyId(s.publicKey()), s.keyId());
        assertEquals(16, s.keyId().length());
    }

    private static void flipCiphertext(ObjectNode t) {
        byte[] c = Base64Url.decode(t.get("sealed").get("ciphertext").textValue());
        c[c.length / 2] ^= 0x01;
        ((ObjectNode) t.get("sealed")).put("ciphertext", Base64Url.encode(c));
    }

    private static void tamper(ObjectNode header, String member) {
        JsonNode v = header.get(member);
        if (member.equals("attachments")) {
            ObjectNode a = header.putArray("attachments").addObject();
            a.put("mediaType", "image/jpeg");
            a.put("name", "photo.jpg");
            a.put("sha256", "0".repeat(64));
            a.put("size", 1);
        } else if (member.endsWith("At")) {
            header.set(member, TextNode.valueOf("2025-03-01T09:00:00.000Z"));
        } else if (v.isIntegralNumber()) {
            header.put(member, v.intValue() + 1);
        } else {
            header.put(member, v.isNull() ? "x" : v.textValue() + "x");
        }
    }
}
