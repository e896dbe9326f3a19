package org.fieldsync.server.simulation;

import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.fieldsync.client.Assignment;
import org.fieldsync.client.AssignmentAdded;
import org.fieldsync.client.AssignmentWithdrawn;
import org.fieldsync.client.Change;
import org.fieldsync.client.CursorStore;
import org.fieldsync.client.DrainReport;
import org.fieldsync.client.EnrolmentResult;
import org.fieldsync.client.Envelope;
import org.fieldsync.client.EnvelopeHeader;
import org.fieldsync.client.FieldsyncCrypto;
import org.fieldsync.client.HttpUrlConnectionTransport;
import org.fieldsync.client.InterviewReturned;
import org.fieldsync.client.Outbox;
import org.fieldsync.client.PublishedKey;
import org.fieldsync.client.Receipt;
import org.fieldsync.client.Sealer;
import org.fieldsync.client.ServerKeyRing;
import org.fieldsync.client.SigningKeyPair;
import org.fieldsync.client.SyncClient;
import org.fieldsync.client.Transport;

/**
 * One simulated field tablet, built only on the tablet library as an app would be: an Ed25519 device key, enrolment
 * with a one-time code, incremental pulls with a cursor, interviews sealed into a durable on-disk {@link Outbox},
 * and drains that keep each envelope until its verified receipt. Its network is unreliable on purpose: with the
 * given probability a request fails before it reaches the server, or reaches it and the answer is lost on the way
 * back — the tablet then retries and the server must answer the same receipt.
 */
final class Tablet implements AutoCloseable {
  private final String enumerator;
  private final SigningKeyPair key = FieldsyncCrypto.generateSigningKeyPair();
  private final Flaky transport;
  private final SyncClient client;
  private final Outbox outbox;
  private final Map<String, Assignment> assignments = new LinkedHashMap<>();
  private final List<InterviewReturned> returned = new ArrayList<>();
  private String cursor;
  private EnrolmentResult enrolled;
  private PublishedKey surveyKey;
  private ServerKeyRing serverKeys;

  Tablet(String baseUrl, String enumerator, File outboxDir, double lossRate, long seed) {
    this.enumerator = enumerator;
    this.transport = new Flaky(new HttpUrlConnectionTransport(), lossRate, new Random(seed));
    this.client = SyncClient.builder(baseUrl).allowCleartext(baseUrl.startsWith("http://")).transport(transport)
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200), 12).random(new Random(seed)).build();
    this.outbox = Outbox.open(outboxDir);
  }

  String enumerator() {
    return enumerator;
  }

  /** Enrols with a code a supervisor issued. */
  void enrol(String code) {
    enrolled = client.enrol(code, FieldsyncCrypto.signer(key), "simulated tablet of " + enumerator, "simulate");
    serverKeys = ServerKeyRing.of(enrolled.serverSigningKey());
  }

  /** Pulls everything new: assignments added or withdrawn, interviews sent back, the survey key. */
  void pull() {
    client.pullAll(enrolled.credentials(), new CursorStore() {
      @Override
      public String load() {
        return cursor;
      }

      @Override
      public void save(String c) {
        cursor = c;
      }
    }, page -> {
      surveyKey = page.surveyKey();
      for (Change c : page.changes()) {
        if (c instanceof AssignmentAdded a) {
          assignments.put(a.assignment().assignmentId(), a.assignment());
        } else if (c instanceof AssignmentWithdrawn w) {
          assignments.remove(w.assignmentId());
        } else if (c instanceof InterviewReturned r) {
          returned.add(r);
        }
      }
    });
  }

  Map<String, Assignment> assignments() {
    return assignments;
  }

  /** Interviews sent back since the last call, oldest first. */
  List<InterviewReturned> takeReturned() {
    List<InterviewReturned> out = new ArrayList<>(returned);
    returned.clear();
    return out;
  }

  /** A header for this tablet's interview of one assignment, keyed to the survey's current key. */
  EnvelopeHeader.Builder header(Assignment a) {
    return EnvelopeHeader.builder().surveyId(a.surveyId()).formId(a.formId()).formVersion(a.formVersion())
        .assignmentId(a.assignmentId()).householdId(a.householdId()).eaId(a.eaId())
        .deviceId(enrolled.credentials().deviceId()).enumeratorId(enrolled.enumeratorId())
        .surveyKeyId(surveyKey.keyId());
  }

  /** Seals an interview on the tablet and keeps it in the outbox until its receipt. */
  Envelope seal(EnvelopeHeader header, byte[] answers) {
    Envelope e = new Sealer(enrolled.credentials().deviceId(), FieldsyncCrypto.signer(key))
        .seal(header, answers, surveyKey);
    outbox.put(e);
    return e;
  }

  /** Uploads what the outbox holds; returns the receipts that arrived. */
  DrainReport sync() {
    return client.drain(enrolled.credentials(), outbox, serverKeys);
  }

  int pending() {
    return outbox.pendingCount();
  }

  List<Receipt> receipts() {
    return outbox.receipts();
  }

  /** Requests that failed before reaching the server, and answers lost after it had acted. */
  int[] failures() {
    return new int[] {transport.before.get(), transport.after.get()};
  }

  @Override
  public void close() {
    outbox.close();
  }

  /** A network that drops some uploads before they arrive and loses some answers after the server acted. */
  private static final class Flaky implements Transport {
    private final Transport real;
    private final double rate;
    private final Random random;
    final AtomicInteger before = new AtomicInteger();
    final AtomicInteger after = new AtomicInteger();

    Flaky(Transport real, double rate, Random random) {
      this.real = real;
      this.rate = rate;
      this.random = random;
    }

    @Override
    public Response send(Request request) throws IOException {
      boolean upload = "PUT".equals(request.method());
      double draw;
      synchronized (random) {
        draw = random.nextDouble();
      }
      if (upload && draw < rate / 2) {
        before.incrementAndGet();
        throw new IOException("simulated: no network");
      }
      Response r = real.send(request);
      if (upload && draw < rate) {
        after.incrementAndGet();
        throw new IOException("simulated: connection lost before the receipt arrived");
      }
      return r;
    }
  }
}
