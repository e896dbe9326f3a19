package org.fieldsync.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.fieldsync.client.Fixtures.SERVER_KEYS;
import static org.fieldsync.client.Fixtures.envelope;
import static org.fieldsync.client.Fixtures.receipt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxTest {
    @TempDir
    Path dir;

    private Outbox open() {
        return Outbox.open(dir.toFile());
    }

    private static List<String> ids(List<Envelope> envelopes) {
        return envelopes.stream().map(e -> e.header().interviewId() + "#" + e.header().revision())
                .collect(Collectors.toList());
    }

    @Test
    void keepsEnvelopesInPutOrderUntilAVerifiedReceiptArrives() {
        Envelope a = envelope("int-a");
        Envelope b = envelope("int-b");
        try (Outbox outbox = open()) {
            assertEquals(Outbox.PutResult.ADDED, outbox.put(a));
            assertEquals(Outbox.PutResult.ADDED, outbox.put(b));
            assertEquals(List.of(a, b), outbox.pending());

            Receipt stored = outbox.markReceipt(receipt(a), SERVER_KEYS);

            assertEquals(List.of(b), outbox.pending());
            assertEquals(List.of(stored), outbox.receipts());
            assertEquals(stored, outbox.receipt("int-a", 1));
            assertNull(outbox.find("int-a", 1));
            assertEquals(b, outbox.find("int-b", 1));
        }
    }

    @Test
    void puttingTheSameEnvelopeAgainIsHarmlessAndADifferentOneIsAConflict() {
        Envelope a = envelope("int-a");
        try (Outbox outbox = open()) {
            outbox.put(a);
            assertEquals(Outbox.PutResult.ALREADY_PENDING, outbox.put(a));
            assertEquals(OutboxException.Code.CONFLICT,
                    assertThrows(OutboxException.class, () -> outbox.put(envelope("int-a"))).code());

            outbox.markReceipt(receipt(a), SERVER_KEYS);

            assertEquals(Outbox.PutResult.ALREADY_DELIVERED, outbox.put(a));
            assertEquals(OutboxException.Code.CONFLICT,
                    assertThrows(OutboxException.class, () -> outbox.put(envelope("int-a"))).code());
            assertEquals(0, outbox.pendingCount());
        }
    }

    @Test
    void receiptThatDoesNotMatchTheStoredEnvelopeChangesNothing() {
        Envelope stored = envelope("int-a");
        try (Outbox outbox = open()) {
            outbox.put(stored);

            SealingException ex = assertThrows(SealingException.class,
                    () -> outbox.markReceipt(receipt(envelope("int-a")), SERVER_KEYS));

            assertEquals(SealingException.Code.RECEIPT_MISMATCH, ex.code());
            assertEquals(List.of(stored), outbox.pending());
            assertTrue(outbox.receipts().isEmpty());
            assertEquals(OutboxException.Code.NOT_FOUND, assertThrows(OutboxException.class,
                    () -> outbox.markReceipt(receipt(envelope("int-z")), SERVER_KEYS)).code());
        }
    }

    @Test
    void reopeningKeepsEnvelopesAndReceipts() {
        Envelope a = envelope("int-a");
        Envelope b = envelope("int-b");
        try (Outbox outbox = open()) {
            outbox.put(a);
            outbox.put(b);
            outbox.markReceipt(receipt(a), SERVER_KEYS);
        }
        try (Outbox outbox = open()) {
            assertEquals(List.of(b), outbox.pending());
            assertEquals(1, outbox.receipts().size());
            assertEquals(Outbox.PutResult.ALREADY_DELIVERED, outbox.put(a));
            Envelope c = envelope("int-c");
            outbox.put(c);
            assertEquals(List.of(b, c), outbox.pending());
        }
    }

    @Test
    void reopeningAfterACrashRemovesTemporaryFilesAndSetsTruncatedFilesAside() throws IOException {
        Envelope a = envelope("int-a");
        Envelope b = envelope("int-b");
        try (Outbox outbox = open()) {
            outbox.put(a);
            outbox.put(b);
        }
        Path pending = dir.resolve("pending");
        byte[] c = envelope("int-c").toByteArray();
        // killed while writing a temporary file:
        Files.write(pending.resolve(".tmp-000000000003_int-c_1.envelope"), Arrays.copyOf(c, c.length / 2));
        // storage that lost the end of a renamed file:
        Files.write(pending.resolve("000000000004_int-d_1.envelope"),
                Arrays.copyOf(envelope("int-d").toByteArray(), 100));
        Files.write(dir.resolve("receipts").resolve(".tmp-int-a_1.receipt"), new byte[] {'{'});

        try (Outbox outbox = open()) {
            assertEquals(List.of("int-a#1", "int-b#1"), ids(outbox.pending()));
            assertEquals(List.of(a, b), outbox.pending());
            assertEquals(1, outbox.corrupted().size());
            assertTrue(outbox.corrupted().get(0).getPath().endsWith("000000000004_int-d_1.envelope"));
            assertEquals(List.of("000000000001_int-a_1.envelope", "000000000002_int-b_1.envelope"), list(pending));
            assertEquals(List.of(), list(dir.resolve("receipts")));
            // a new put does not reuse the number of the set-aside file's neighbours
            outbox.put(envelope("int-e"));
            assertEquals(List.of("int-a#1", "int-b#1", "int-e#1"), ids(outbox.pending()));
        }
    }

    @Test
    void reopeningFinishesAReceiptWhoseEnvelopeWasNotYetDeleted() throws IOException {
        Envelope a = envelope("int-a");
        Path saved = dir.resolve("saved.envelope");
        try (Outbox outbox = open()) {
            outbox.put(a);
            Files.copy(dir.resolve("pending").resolve("000000000001_int-a_1.envelope"), saved);
            outbox.markReceipt(receipt(a), SERVER_KEYS);
        }
        // as if killed between writing the receipt and deleting the envelope:
        Files.move(saved, dir.resolve("pending").resolve("000000000001_int-a_1.envelope"));

        try (Outbox outbox = open()) {
            assertEquals(0, outbox.pendingCount());
            assertEquals(1, outbox.receipts().size());
            assertEquals(List.of(), list(dir.resolve("pending")));
        }
    }

    @Test
    void secondOutboxOnTheSameDirectoryIsRefused() {
        try (Outbox outbox = open()) {
            assertEquals(OutboxException.Code.LOCKED, assertThrows(OutboxException.class, this::open).code());
        }
        open().close();
    }

    @Test
    void closedOutboxRefusesWork() {
        Outbox outbox = open();
        outbox.close();

        assertEquals(OutboxException.Code.CLOSED,
                assertThrows(OutboxException.class, () -> outbox.put(envelope("int-a"))).code());
    }

    private static List<String> list(Path d) {
        String[] names = d.toFile().list();
        Arrays.sort(names);
        return Arrays.asList(names);
    }
}
