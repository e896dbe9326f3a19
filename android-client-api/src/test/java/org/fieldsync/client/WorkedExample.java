package org.fieldsync.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fieldsync.client.json.Base64Url;
import org.fieldsync.client.json.Canonical;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Prints a fresh worked example for docs/sync-protocol.md and src/test/resources/protocol/worked-example.json (run
 * its main with the test classpath after a format change; {@link WorkedExampleTest} checks the stored one).
 */
public final class WorkedExample {
    static final SigningKeyPair DEVICE = FieldsyncCrypto.signingKeyPair(fill(0x11));
    static final SurveyKeyPair SURVEY = FieldsyncCrypto.surveyKeyPair("3c2a9e4f1b7d6a05", fill(0x22));
    static final SigningKeyPair SERVER = FieldsyncCrypto.signingKeyPair(fill(0x33));
    static final String SERVER_KEY_ID = "srv-2025-01";
    static final String ANSWERS = "{\"head\":{\"age\":41,\"sex\":\"f\"},\"hh_size\":4}";

    private WorkedExample() {
    }

    static byte[] fill(int b) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) b);
        return k;
    }

    static EnvelopeHeader header() {
        return EnvelopeHeader.builder()
                .interviewId("5f0c6a8e-2b1d-4c3e-9a7f-0d4e6b8a1c2f")
                .revision(1)
                .surveyId("mig-2025")
                .formId("household")
                .formVersion(3)
                .assignmentId("asg-0042")
                .householdId("hh-0042")
                .eaId("ea-17")
                .deviceId("dev-7f3a")
                .enumeratorId("0b6c1f5e-8a61-4a7e-9f07-5d3c2a1b0e99")
                .disposition("completed")
                .householdTypeFound("migrant")
                .startedAt(Instant.parse("2025-03-01T08:15:00Z"))
                .endedAt(Instant.parse("2025-03-01T08:52:41.250Z"))
                .surveyKeyId(SURVEY.keyId())
                .build();
    }

    public static void main(String[] args) {
        Envelope e = new Sealer("dev-7f3a", FieldsyncCrypto.signer(DEVICE))
                .seal(header(), ANSWERS.getBytes(StandardCharsets.UTF_8), SURVEY.publishedKey());
        Receipt r = FieldsyncCrypto.signReceipt(e, Instant.parse("2025-03-02T10:04:05.006Z"), ReceiptStatus.ACCEPTED,
                List.of(), SERVER, SERVER_KEY_ID);
        ObjectNode o = Wire.object();
        o.put("devicePrivateKey", Base64Url.encode(DEVICE.privateKey()));
        o.put("devicePublicKey", Base64Url.encode(DEVICE.publicKey()));
        o.put("surveyKeyId", SURVEY.keyId());
        o.put("surveyPrivateKey", Base64Url.encode(SURVEY.privateKey()));
        o.put("surveyPublicKey", Base64Url.encode(SURVEY.publicKey()));
        o.put("serverKeyId", SERVER_KEY_ID);
        o.put("serverPrivateKey", Base64Url.encode(SERVER.privateKey()));
        o.put("serverPublicKey", Base64Url.encode(SERVER.publicKey()));
        o.put("answers", ANSWERS);
        o.put("envelope", new String(e.toByteArray(), StandardCharsets.UTF_8));
        o.put("envelopeSha256", e.sha256());
        o.put("receipt", new String(r.toByteArray(), StandardCharsets.UTF_8));
        System.out.println(Canonical.toString(o));
    }
}
