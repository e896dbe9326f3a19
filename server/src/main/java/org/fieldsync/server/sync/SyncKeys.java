package org.fieldsync.server.sync;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.fieldsync.client.FieldsyncCrypto;
import org.fieldsync.client.PublishedKey;
import org.fieldsync.client.SigningKeyPair;
import org.fieldsync.client.SurveyKeyPair;
import org.fieldsync.server.crypto.KeyVault;
import org.fieldsync.server.sync.SyncStore.StoredKey;

/**
 * Custody of the server's keys: the Ed25519 key that signs receipts, and one X25519 key pair per survey that tablets
 * seal to. Private halves are stored only wrapped under the operator's key-encryption key ({@link KeyVault}), with
 * the key's identity as the wrapping context, and unwrapped only in memory. A survey's newest key is its current
 * one; every older key is kept for opening what was sealed to it (rotation).
 *
 * <p>Two instances starting together may both create a first key; both are valid, and every instance picks the
 * same current one (newest by creation time, then id), so nothing depends on who won.
 */
public final class SyncKeys {
  private final SyncStore store;
  private final KeyVault vault;
  private final Clock clock;
  private final Map<String, SurveyKeyPair> surveyKeys = new ConcurrentHashMap<>();
  private volatile ServerKey serverKey;

  /** The server's signing key with its id. */
  public record ServerKey(String keyId, SigningKeyPair pair) {
    public PublishedKey published() {
      return new PublishedKey(keyId, pair.publicKey());
    }
  }

  public SyncKeys(SyncStore store, KeyVault vault, Clock clock) {
    this.store = store;
    this.vault = vault;
    this.clock = clock;
  }

  /** The receipt-signing key: the oldest stored (created on first use). */
  public ServerKey serverKey() {
    ServerKey k = serverKey;
    if (k != null) {
      return k;
    }
    synchronized (this) {
      List<StoredKey> stored = store.keys(null);
      if (stored.isEmpty()) {
        SigningKeyPair pair = FieldsyncCrypto.generateSigningKeyPair();
        String keyId = "srv-" + FieldsyncCrypto.keyId(pair.publicKey());
        store.insertKey(new StoredKey(keyId, null, pair.publicKey(),
            vault.wrap(pair.privateKey(), "server-signing-key:" + keyId), clock.instant()));
        stored = store.keys(null);
      }
      StoredKey first = stored.get(0); // the one under the fixed id: every instance reads the same
      serverKey = new ServerKey(first.keyId(), FieldsyncCrypto.signingKeyPair(
          vault.unwrap(first.wrappedPrivateKey(), "server-signing-key:" + first.keyId())));
      return serverKey;
    }
  }

  /** The survey's current public key (created on first use). */
  public PublishedKey currentSurveyKey(String surveyId) {
    List<StoredKey> keys = store.keys(surveyId);
    if (keys.isEmpty()) {
      return rotate(surveyId);
    }
    StoredKey newest = newest(keys);
    return new PublishedKey(newest.keyId(), newest.publicKey());
  }

  /** Creates a new key pair for a survey: new uploads use it, older keys still open older envelopes. */
  public PublishedKey rotate(String surveyId) {
    SurveyKeyPair pair = FieldsyncCrypto.generateSurveyKeyPair();
    store.insertKey(new StoredKey(pair.keyId(), surveyId, pair.publicKey(),
        vault.wrap(pair.privateKey(), context(surveyId, pair.keyId())), clock.instant()));
    surveyKeys.put(surveyId + ":" + pair.keyId(), pair);
    return pair.publishedKey();
  }

  /** A survey's key pair by id, any age, for opening an envelope; empty if the survey never had that key. */
  public Optional<SurveyKeyPair> surveyKey(String surveyId, String keyId) {
    SurveyKeyPair cached = surveyKeys.get(surveyId + ":" + keyId);
    if (cached != null) {
      return Optional.of(cached);
    }
    return store.keys(surveyId).stream().filter(k -> k.keyId().equals(keyId)).findFirst().map(k -> {
      SurveyKeyPair pair = FieldsyncCrypto.surveyKeyPair(k.keyId(), vault.unwrap(k.wrappedPrivateKey(),
          context(surveyId, k.keyId())));
      surveyKeys.put(surveyId + ":" + keyId, pair);
      return pair;
    });
  }

  private static StoredKey newest(List<StoredKey> keys) {
    return keys.stream().max(Comparator.comparing(StoredKey::createdAt).thenComparing(StoredKey::keyId)).orElseThrow();
  }

  private static String context(String surveyId, String keyId) {
    return "survey-key:" + surveyId + ":" + keyId;
  }
}
