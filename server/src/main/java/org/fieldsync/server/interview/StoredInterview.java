package org.fieldsync.server.interview;

import java.time.Instant;
import java.util.List;

/**
 * One revision of an interview as received: the envelope bytes exactly as uploaded (still sealed: reading the
 * answers needs the survey's private key), their SHA-256, the plaintext header fields for indexing and coverage,
 * the status ({@code accepted} or {@code quarantined}) with its errors, the signed receipt returned for it, and the
 * server's sealed copy of the answers ({@link org.fieldsync.server.crypto.AnswersAtRest}; null in revisions stored
 * before copies were kept, which are read from the envelope).
 */
public record StoredInterview(String interviewId, int revision, String surveyId, String formId, int formVersion,
    String assignmentId, String householdId, String eaId, String deviceId, String enumeratorId, String disposition,
    String householdTypeFound, Instant startedAt, Instant endedAt, String surveyKeyId, byte[] envelope,
    String envelopeSha256, Instant receivedAt, String status, List<Error> errors, byte[] receipt, byte[] answers) {

  /** A problem found in an authentic interview (why it is quarantined). */
  public record Error(String code, String message, String pointer) {}
}
