package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.fieldsync.client.json.Base64Url;
import org.fieldsync.client.json.Canonical;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worked example of docs/sync-protocol.md opens, verifies, and is the one printed in the document. */
class WorkedExampleTest {
    private static JsonNode example() throws IOException {
        try (InputStream in = WorkedExampleTest.class.getResourceAsStream("/protocol/worked-example.json")) {
            return Canonical.mapper().readTree(in);
        }
    }

    private static byte[] bytes(JsonNode example, String member) {
        return example.get(member).textValue().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] key(JsonNode example, String member) {
        return Base64Url.decode(example.get(member).textValue());
    }

    @Test
    void workedExampleEnvelopeOpensWithTheGivenKeys() throws IOException {
        JsonNode x = example();
        Envelope e = Envelope.parse(bytes(x, "envelope"));
        SurveyKeyPair survey = FieldsyncCrypto.surveyKeyPair(x.get("surveyKeyId").textValue(),
                key(x, "surveyPrivateKey"));

        OpenedEnvelope opened = FieldsyncCrypto.open(e, new UploadContext("5f0c6a8e-2b1d-4c3e-9a7f-0d4e6b8a1c2f", 1,
                "dev-7f3a", key(x, "devicePublicKey")), survey);

        assertArrayEquals(bytes(x, "answers"), opened.answers());
        assertEquals(x.get("envelopeSha256").textValue(), e.sha256());
        assertArrayEquals(key(x, "surveyPublicKey"), survey.publicKey());
        assertArrayEquals(key(x, "devicePublicKey"),
                FieldsyncCrypto.signingKeyPair(key(x, "devicePrivateKey")).publicKey());
        assertEquals(WorkedExample.header(), opened.header());
    }

    @Test
    void workedExampleReceiptVerifiesForItsEnvelope() throws IOException {
        JsonNode x = example();
        Envelope e = Envelope.parse(bytes(x, "envelope"));
        ServerKeyRing ring = ServerKeyRing.of(new PublishedKey(x.get("serverKeyId").textValue(),
                key(x, "serverPublicKey")));

        Receipt r = FieldsyncCrypto.verifyReceipt(bytes(x, "receipt"), e, ring);

        assertEquals(ReceiptStatus.ACCEPTED, r.status());
        assertArrayEquals(key(x, "serverPublicKey"),
                FieldsyncCrypto.signingKeyPair(key(x, "serverPrivateKey")).publicKey());
    }

    @Test
    void protocolDocumentShowsThisExample() throws IOException {
        Path doc = Paths.get("..", "docs", "sync-protocol.md");
        if (!Files.exists(doc)) {
            return; // built outside the repository
        }
        String text = new String(Files.readAllBytes(doc), StandardCharsets.UTF_8);
        JsonNode x = example();
        for (String member : new String[] {"envelope", "receipt", "devicePrivateKey", "surveyPrivateKey",
                "serverPrivateKey", "envelopeSha256"}) {
            assertTrue(text.contains(x.get(member).textValue()), "docs/sync-protocol.md shows the " + member);
        }
    }
}
