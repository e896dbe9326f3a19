package org.fieldsync.client;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.fieldsync.client.Fixtures.OTHER_SERVER_KEY;
import static org.fieldsync.client.Fixtures.SERVER_KEYS;
import static org.fieldsync.client.Fixtures.SERVER_KEY_ID;
import static org.fieldsync.client.Fixtures.envelope;
import static org.fieldsync.client.Fixtures.receipt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReceiptTest {
    private static SealingException fails(byte[] receipt, Envelope e) {
        return assertThrows(SealingException.class, () -> FieldsyncCrypto.verifyReceipt(receipt, e, SERVER_KEYS));
    }

    @Test
    void receiptSignedByTheServerForThisEnvelopeVerifies() {
        Envelope e = envelope("int-1");
        Receipt signed = FieldsyncCrypto.signReceipt(e, Instant.parse("2025-03-02T10:00:00.5Z"),
                ReceiptStatus.QUARANTINED, List.of(new ValidationError("answer.required", "Age is required", "/head/age")),
                Fixtures.SERVER_KEY, SERVER_KEY_ID);

        Receipt r = FieldsyncCrypto.verifyReceipt(signed.toByteArray(), e, SERVER_KEYS);

        assertEquals("int-1", r.interviewId());
        assertEquals(1, r.revision());
        assertEquals(e.sha256(), r.envelopeSha256());
        assertEquals(ReceiptStatus.QUARANTINED, r.status());
        assertEquals("/head/age", r.errors().get(0).pointer());
        assertEquals(Instant.parse("2025-03-02T10:00:00.5Z"), r.receivedAt());
        assertArrayEquals(signed.toByteArray(), r.toByteArray());
    }

    @Test
    void receiptChangedAfterSigningIsRefused() {
        Envelope e = envelope("int-1");
        String text = new String(receipt(e).toByteArray(), StandardCharsets.UTF_8);
        byte[] tampered = text.replace("\"status\":\"accepted\"", "\"status\":\"quarantined\"")
                .getBytes(StandardCharsets.UTF_8);

        assertEquals(SealingException.Code.RECEIPT_SIGNATURE_INVALID, fails(tampered, e).code());
    }

    @Test
    void receiptSignedWithAnotherKeyUnderTheTrustedIdIsRefused() {
        Envelope e = envelope("int-1");
        Receipt forged = FieldsyncCrypto.signReceipt(e, Instant.now(), ReceiptStatus.ACCEPTED, List.of(),
                OTHER_SERVER_KEY, SERVER_KEY_ID);

        assertEquals(SealingException.Code.RECEIPT_SIGNATURE_INVALID, fails(forged.toByteArray(), e).code());
    }

    @Test
    void receiptSignedWithAnUntrustedKeyIdIsRefused() {
        Envelope e = envelope("int-1");
        Receipt r = FieldsyncCrypto.signReceipt(e, Instant.now(), ReceiptStatus.ACCEPTED, List.of(),
                OTHER_SERVER_KEY, "server-key-9");

        assertEquals(SealingException.Code.RECEIPT_KEY_UNKNOWN, fails(r.toByteArray(), e).code());
    }

    @Test
    void receiptForAnotherEnvelopeOfTheSameInterviewIsRefusedOnItsHash() {
        Envelope stored = envelope("int-1");
        Envelope mine = envelope("int-1"); // same id and revision, different bytes

        SealingException ex = fails(receipt(stored).toByteArray(), mine);

        assertEquals(SealingException.Code.RECEIPT_MISMATCH, ex.code());
        assertEquals("envelopeSha256", ex.field());
    }

    @Test
    void receiptForAnotherInterviewIsRefused() {
        SealingException ex = fails(receipt(envelope("int-2")).toByteArray(), envelope("int-1"));

        assertEquals(SealingException.Code.RECEIPT_MISMATCH, ex.code());
        assertEquals("interviewId", ex.field());
    }

    @Test
    void bytesThatAreNotACanonicalReceiptAreMalformed() {
        Envelope e = envelope("int-1");
        String text = new String(receipt(e).toByteArray(), StandardCharsets.UTF_8);

        for (String bad : List.of("", "{}", text.replace("{\"receipt\":{", "{\"receipt\": {"),
                text.replace("\"revision\":1", "\"revision\":1,\"extra\":true"))) {
            assertEquals(SealingException.Code.RECEIPT_MALFORMED,
                    fails(bad.getBytes(StandardCharsets.UTF_8), e).code(), bad);
        }
    }
}
