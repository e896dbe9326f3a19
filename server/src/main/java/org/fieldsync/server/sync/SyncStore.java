package org.fieldsync.server.sync;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persistence for sync: enrolment codes and devices (tokens and codes stored only as hashes), the wrapped server and
 * survey keys, and the per-survey change log tablets pull. Blocking.
 */
public interface SyncStore {
  void ensureIndexes();

  // enrolment codes and devices

  void insertEnrolment(Enrolment enrolment);

  /** Claims an unused, unexpired code in one atomic update; empty if none matched. */
  Optional<Enrolment> claimEnrolment(String codeHash, Instant now);

  void insertDevice(Device device, String tokenHash);

  Optional<Device> deviceByTokenHash(String tokenHash);

  /**
   * The unrevoked device {@link #deviceByTokenHash} found for this token less than a couple of seconds ago, without
   * a store round trip; empty if there is none (then ask {@link #deviceByTokenHash}). A revocation through this
   * store is seen at once.
   */
  Optional<Device> recentDeviceByTokenHash(String tokenHash);

  Optional<Device> device(String deviceId);

  /** Sets revokedAt once; returns the device as stored. */
  Optional<Device> revokeDevice(String deviceId, Instant at, String by, String reason);

  List<Device> devices(String surveyId);

  /** Revokes every unrevoked device of an enumerator (the account was disabled); returns how many. */
  int revokeDevicesOf(String enumeratorId, Instant at, String by, String reason);

  // keys

  /** Inserts a wrapped key; {@code surveyId} null for the server signing key. */
  void insertKey(StoredKey key);

  /** Keys of a survey (or the server's, with null), oldest first. */
  List<StoredKey> keys(String surveyId);

  // change log

  /** Allocates {@code n} consecutive sequence numbers of a survey's log; returns the first. */
  long allocate(String surveyId, int n);

  void insertChanges(String surveyId, List<Change> changes);

  /** Changes of a survey with seq above {@code after}, in seq order, at most {@code limit}. */
  List<Change> changesAfter(String surveyId, long after, int limit);

  /** The highest sequence number allocated in a survey's log (0 if none). */
  long allocated(String surveyId);

  /** An enrolment code's record (the code itself is never stored). */
  record Enrolment(String codeHash, String surveyId, String enumeratorId, String enumerator, Instant expiresAt,
      String issuedBy, Instant issuedAt) {}

  /** An enrolled tablet. */
  record Device(String id, String surveyId, String enumeratorId, String enumerator, byte[] publicKey, String name,
      String appVersion, Instant createdAt, Instant revokedAt) {}

  /** A key pair whose private half is wrapped under the key-encryption key. */
  record StoredKey(String keyId, String surveyId, byte[] publicKey, byte[] wrappedPrivateKey, Instant createdAt) {}

  /** One entry of a survey's change log, for one enumerator; {@code payload} is the change's JSON. */
  record Change(long seq, String enumeratorId, String type, String payload, Instant at) {}
}
