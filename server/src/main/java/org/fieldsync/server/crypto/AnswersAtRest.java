package org.fieldsync.server.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.fieldsync.client.SurveyKeyPair;

/**
 * The server's own sealed copy of an interview's answers, kept next to the envelope as the tablet sent it, so that
 * exports and reviews read answers with one AES-GCM opening instead of an X25519 agreement per interview
 * (docs/security.md, "Answers at rest").
 *
 * <p>The key is derived from the survey's X25519 private key with HKDF-SHA256 (RFC 5869; salt
 * {@code "fieldsync.answers/1"}, info the survey key id): whoever can read the copy could open the envelope too, and
 * the copy is protected exactly as the envelope is, by the key-encryption key that wraps the survey's private key.
 * Sealing: AES-256-GCM with a fresh random 96-bit nonce and associated data
 * {@code "fieldsync.answers/1\n" + surveyKeyId + "\n" + interviewId + "#" + revision}, so a copy moved to another
 * interview does not open. Output: {@code 0x01 | nonce (12) | ciphertext | tag (16)}. The plaintext is the gzip
 * data the tablet sealed ({@link org.fieldsync.client.OpenedEnvelope#compressedAnswers()}).
 *
 * <p>Random nonces: SP 800-38D section 8.3 allows 2^32 sealings per key; a survey key seals one copy per upload.
 * Thread-safe.
 */
public final class AnswersAtRest {
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String LABEL = "fieldsync.answers/1";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Map<String, SecretKeySpec> KEYS = new ConcurrentHashMap<>();
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  });

  private AnswersAtRest() {
  }

  /** Seals the gzip-compressed answers of one revision under the survey key's derived answers key. */
  public static byte[] seal(SurveyKeyPair key, String interviewId, int revision, byte[] gzip) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher gcm = cipher(Cipher.ENCRYPT_MODE, key, interviewId, revision, nonce);
      byte[] out = new byte[1 + NONCE_BYTES + gcm.getOutputSize(gzip.length)];
      out[0] = VERSION;
      System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
      gcm.doFinal(gzip, 0, gzip.length, out, 1 + NONCE_BYTES);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * Opens a sealed copy.
   *
   * @return the gzip-compressed answers
   * @throws IllegalArgumentException if the copy is not in this format, or does not authenticate under this key for
   *                                  this interview and revision (changed, or moved from another record)
   */
  public static byte[] open(SurveyKeyPair key, String interviewId, int revision, byte[] sealed) {
    if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
      throw new IllegalArgumentException("not a sealed answers copy of format " + VERSION);
    }
    byte[] nonce = java.util.Arrays.copyOfRange(sealed, 1, 1 + NONCE_BYTES);
    try {
      return cipher(Cipher.DECRYPT_MODE, key, interviewId, revision, nonce)
          .doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalArgumentException("the answers copy of " + interviewId + "#" + revision
          + " does not authenticate under survey key " + key.keyId(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  private static Cipher cipher(int mode, SurveyKeyPair key, String interviewId, int revision, byte[] nonce)
      throws GeneralSecurityException {
    Cipher gcm = CIPHERS.get(); // initialised afresh below; looking a cipher up was 1 % of an upload's CPU
    gcm.init(mode, KEYS.computeIfAbsent(key.keyId(), id -> derive(key)), new GCMParameterSpec(TAG_BITS, nonce));
    gcm.updateAAD((LABEL + "\n" + key.keyId() + "\n" + interviewId + "#" + revision)
        .getBytes(StandardCharsets.UTF_8));
    return gcm;
  }

  private static SecretKeySpec derive(SurveyKeyPair key) {
    byte[] privateKey = key.privateKey();
    HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
    hkdf.init(new HKDFParameters(privateKey, LABEL.getBytes(StandardCharsets.US_ASCII),
        key.keyId().getBytes(StandardCharsets.UTF_8)));
    byte[] out = new byte[32];
    hkdf.generateBytes(out, 0, out.length);
    java.util.Arrays.fill(privateKey, (byte) 0);
    return new SecretKeySpec(out, "AES");
  }
}
