package org.fieldsync.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.fieldsync.client.Fixtures.SERVER_KEYS;
import static org.fieldsync.client.Fixtures.envelope;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncClientTest {
    @TempDir
    Path dir;

    private FakeServer server;
    private Outbox outbox;
    private final List<Duration> sleeps = new ArrayList<>();
    private DeviceCredentials credentials;

    @BeforeEach
    void start() throws IOException {
        server = new FakeServer();
        outbox = Outbox.open(dir.toFile());
        credentials = client().enrol(FakeServer.CODE, FieldsyncCrypto.signer(Fixtures.DEVICE_KEY), "tablet 7", "1.0")
                .credentials();
    }

    @AfterEach
    void stop() {
        outbox.close();
        server.close();
    }

    private SyncClient client() {
        return client(new HttpUrlConnectionTransport());
    }

    private SyncClient client(Transport transport) {
        return SyncClient.builder(server.url())
                .allowCleartext(true)
                .transport(transport)
                .sleeper(sleeps::add)
                .random(new Random(42))
                .backoff(Duration.ofSeconds(2), Duration.ofMinutes(5), 4)
                .build();
    }

    @Test
    void enrolmentSendsAProofAndReturnsCredentialsAndTheServerKey() {
        EnrolmentResult r = client().enrol("7kq2-m9xd-4rtb", FieldsyncCrypto.signer(Fixtures.OTHER_DEVICE_KEY),
                "tablet 8", "1.0");

        assertEquals(Fixtures.DEVICE_ID, r.credentials().deviceId());
        assertEquals("amina", r.enumeratorUsername());
        assertEquals("mig-2025", r.surveyId());
        assertEquals(Fixtures.SERVER_PUBLIC, r.serverSigningKey());
        assertArrayEquals(Fixtures.OTHER_DEVICE_KEY.publicKey(), server.devices.get(r.credentials().token()));
    }

    @Test
    void unknownEnrolmentCodeIsRejected() {
        SyncException e = assertThrows(SyncException.class,
                () -> client().enrol("0000-0000-0000", FieldsyncCrypto.signer(Fixtures.DEVICE_KEY), "t", "1"));

        assertEquals("enrolment.code-invalid", e.code());
        assertEquals(401, e.status());
        assertEquals(SyncException.Kind.REJECTED, e.kind()); // a bad code is not a rejected device
    }

    @Test
    void pullAllStoresEachPageBeforeAdvancingTheCursor() {
        List<String> events = new ArrayList<>();
        CursorStore cursors = new CursorStore() {
            String cursor;

            @Override
            public String load() {
                return cursor;
            }

            @Override
            public void save(String c) {
                events.add("cursor " + c);
                cursor = c;
            }
        };
        List<PullResponse> pages = new ArrayList<>();

        int count = client().pullAll(credentials, cursors, page -> {
            events.add("page " + page.changes().size());
            pages.add(page);
        });

        assertEquals(2, count);
        assertEquals(List.of("page 1", "cursor c1", "page 3", "cursor c2"), events);
        assertTrue(pages.get(0).snapshot());
        AssignmentAdded added = assertInstanceOf(AssignmentAdded.class, pages.get(0).changes().get(0));
        assertEquals("hh-0042", added.assignment().householdId());
        assertEquals("{\"headName\":\"Amina\",\"lat\":12.5}", added.assignment().preloadJson());
        assertInstanceOf(AssignmentWithdrawn.class, pages.get(1).changes().get(0));
        InterviewReturned returned = assertInstanceOf(InterviewReturned.class, pages.get(1).changes().get(1));
        assertEquals(2, returned.nextRevision());
        assertEquals("Check the age", returned.comments().get(0).text());
        assertEquals("survey.closed", assertInstanceOf(UnknownChange.class, pages.get(1).changes().get(2)).type());
        assertEquals(Fixtures.SURVEY_KEY.publishedKey(), pages.get(1).surveyKey());
        assertEquals("household", pages.get(1).questionnaires().get(0).formId());
    }

    @Test
    void pullKeepsTheCursorWhenStoringThePageFails() {
        List<String> saved = new ArrayList<>();
        CursorStore cursors = new CursorStore() {
            @Override
            public String load() {
                return null;
            }

            @Override
            public void save(String c) {
                saved.add(c);
            }
        };

        assertThrows(IllegalStateException.class, () -> client().pullAll(credentials, cursors, page -> {
            throw new java.io.IOException("disk full");
        }));
        assertEquals(List.of(), saved);
    }

    @Test
    void pushedEnvelopeLeavesTheOutboxWithAVerifiedReceipt() {
        Envelope e = envelope("int-1");
        outbox.put(e);

        DrainReport report = client().drain(credentials, outbox, SERVER_KEYS);

        assertTrue(report.complete(), report.toString());
        assertEquals(1, report.delivered().size());
        assertEquals(e.sha256(), report.delivered().get(0).envelopeSha256());
        assertEquals(0, outbox.pendingCount());
        assertEquals(report.delivered(), outbox.receipts());
        assertEquals(e, server.stored.get("int-1#1"));
        assertEquals(List.of(), sleeps);
    }

    @Test
    void pushingTheSameEnvelopeAgainReturnsTheSameReceipt() {
        Envelope e = envelope("int-1");
        SyncClient client = client();

        Receipt first = client.push(credentials, e, SERVER_KEYS);
        Receipt again = client.push(credentials, e, SERVER_KEYS);

        assertArrayEquals(first.toByteArray(), again.toByteArray());
    }

    @Test
    void unavailableServerIsRetriedAfterAJitteredBackoffDelay() {
        server.scriptedUploadFailures.add(new String[] {"503", "store.unavailable"});
        outbox.put(envelope("int-1"));

        DrainReport report = client().drain(credentials, outbox, SERVER_KEYS);

        assertTrue(report.complete(), report.toString());
        assertEquals(1, sleeps.size());
        assertTrue(sleeps.get(0).compareTo(Duration.ofSeconds(1)) >= 0
                && sleeps.get(0).compareTo(Duration.ofSeconds(2)) <= 0, sleeps.toString());
        assertEquals(2, server.uploads);
    }

    @Test
    void backoffGrowsWhileFailingAndIsResetAfterASuccess() {
        server.scriptedUploadFailures.add(new String[] {"503", "store.unavailable"});
        server.scriptedUploadFailures.add(new String[] {"502", "http.502"});
        outbox.put(envelope("int-1"));
        server.scriptedUploadFailures.add(new String[] {"503", "store.unavailable"}); // hits int-1 too
        outbox.put(envelope("int-2"));

        DrainReport report = client().drain(credentials, outbox, SERVER_KEYS);

        assertTrue(report.complete(), report.toString());
        assertEquals(3, sleeps.size());
        assertTrue(sleeps.get(1).compareTo(Duration.ofSeconds(2)) >= 0, "second delay from [2 s, 4 s]: " + sleeps);
        assertTrue(sleeps.get(2).compareTo(Duration.ofSeconds(8)) <= 0, "third delay from [4 s, 8 s]: " + sleeps);
    }

    @Test
    void retryAfterIsHonoured() {
        server.scriptedUploadFailures.add(new String[] {"429", "request.rate-limited", "30"});
        outbox.put(envelope("int-1"));

        DrainReport report = client().drain(credentials, outbox, SERVER_KEYS);

        assertTrue(report.complete(), report.toString());
        assertEquals(List.of(Duration.ofSeconds(30)), sleeps);
    }

    @Test
    void lastingOutageStopsTheDrainAfterTheLastAttemptAndKeepsEverything() {
        for (int i = 0; i < 10; i++) {
            server.scriptedUploadFailures.add(new String[] {"503", "store.unavailable"});
        }
        outbox.put(envelope("int-1"));
        outbox.put(envelope("int-2"));

        DrainReport report = client().drain(credentials, outbox, SERVER_KEYS);

        assertEquals("store.unavailable", report.stoppedBy().code());
        assertTrue(report.stoppedBy().retryable());
        assertEquals(2, report.remaining());
        assertEquals(3, sleeps.size()); // 4 attempts
        assertEquals(4, server.uploads);
    }

    @Test
    void networkFailureIsRetried() {
        AtomicInteger calls = new AtomicInteger();
        HttpUrlConnectionTransport real = new HttpUrlConnectionTransport();
        Transport flaky = request -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("connection reset");
            }
            return real.send(request);
        };
        outbox.put(envelope("int-1"));

        DrainReport report = client(flaky).drain(credentials, outbox, SERVER_KEYS);

        assertTrue(report.complete(), report.toString());
        assertEquals(1, sleeps.size());
    }

    @Test
    void revisionConflictKeepsTheEnvelopeReportsItAndGoesOnWithTheNext() {
        Envelope mine = envelope("int-1");
        server.stored.put("int-1#1", envelope("int-1")); // the server holds other bytes for int-1 revision 1
        outbox.put(mine);
        outbox.put(envelope("int-2"));

        DrainReport report = client().drain(credentials, outbox, SERVER_KEYS);

        assertEquals(1, report.failed().size());
        DrainReport.Failure failure = report.failed().get(0);
        assertEquals("int-1", failure.interviewId());
        assertEquals("upload.revision-conflict", failure.error().code());
        assertEquals(409, failure.error().status());
        assertEquals(SyncException.Kind.REJECTED, failure.error().kind());
        assertEquals(1, report.delivered().size());
        assertEquals(List.of(mine), outbox.pending());
        assertNull(report.stoppedBy());
        assertEquals(List.of(), sleeps);
    }

    @Test
    void receiptWithABadSignatureKeepsTheEnvelope() {
        server.receiptKey = Fixtures.OTHER_SERVER_KEY; // signs under the trusted key id with another key
        Envelope e = envelope("int-1");
        outbox.put(e);

        DrainReport report = client().drain(credentials, outbox, SERVER_KEYS);

        assertEquals("receipt.signature-invalid", report.failed().get(0).error().code());
        assertEquals(SyncException.Kind.RESPONSE_INVALID, report.failed().get(0).error().kind());
        assertEquals(List.of(e), outbox.pending());
        assertTrue(outbox.receipts().isEmpty());
    }

    @Test
    void revokedDeviceStopsTheDrainAtOnce() {
        server.revoked = true;
        outbox.put(envelope("int-1"));
        outbox.put(envelope("int-2"));

        DrainReport report = client().drain(credentials, outbox, SERVER_KEYS);

        assertEquals("device.revoked", report.stoppedBy().code());
        assertEquals(SyncException.Kind.DEVICE_REJECTED, report.stoppedBy().kind());
        assertEquals(2, report.remaining());
        assertEquals(1, server.uploads);
    }

    @Test
    void envelopeForAnotherDeviceIsRefusedAndKept() {
        Envelope foreign = new Sealer("dev-other", FieldsyncCrypto.signer(Fixtures.DEVICE_KEY))
                .seal(Fixtures.header("int-1").deviceId("dev-other").build(), Fixtures.ANSWERS,
                        Fixtures.SURVEY_KEY.publishedKey());
        outbox.put(foreign);

        DrainReport report = client().drain(credentials, outbox, SERVER_KEYS);

        assertEquals("upload.header-mismatch", report.failed().get(0).error().code());
        assertEquals(1, outbox.pendingCount());
    }

    @Test
    void cleartextServerUrlIsRefusedUnlessAllowed() {
        assertThrows(IllegalArgumentException.class, () -> SyncClient.builder(server.url()).build());
    }
}
