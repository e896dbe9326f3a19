package org.fieldsync.server.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Wraps the server's private keys (survey X25519 keys, the server's Ed25519 signing key) under a 32-byte
 * key-encryption key (KEK) from the operator, so that the database holds only wrapped keys (docs/security.md).
 *
 * <p><b>Wrapping.</b> AES-256-GCM (NIST SP 800-38D) with a fresh 96-bit random nonce per wrap and a 128-bit tag. The
 * associated data is {@code "fieldsync.wrap/1\n" + context} in UTF-8, where the context names what is wrapped (for
 * example {@code survey-key/mig-2025/3c2a9e4f1b7d6a05}): a wrapped key copied into another record does not unwrap
 * there. Output: {@code 0x01 | nonce (12) | ciphertext | tag (16)}. Random nonces are safe here because a KEK wraps
 * a handful of keys, far below SP 800-38D's limit of 2^32 invocations with random nonces (section 8.3).
 *
 * <p><b>Sources of the KEK.</b> 32 raw bytes, base64 text (an environment secret), a key file, or a passphrase
 * stretched with Argon2id (RFC 9106) and a stored, non-secret salt.
 *
 * <p><b>Key id.</b> {@link #kekId()} is the first 16 hex digits of SHA-256({@code "fieldsync.kek/1"} || KEK): stored
 * next to wrapped keys, it lets the server say "configured with the wrong KEK" rather than "data altered". It reveals
 * nothing useful about a 256-bit random KEK; for a passphrase-derived KEK it is as hard to attack as the Argon2id
 * output itself.
 *
 * <p>Nothing here logs, and no message or {@link #toString()} contains key material. Instances are immutable and
 * thread-safe.
 */
public final class KeyVault {
  /** The KEK length in bytes. */
  public static final int KEK_BYTES = 32;
  /** The shortest accepted Argon2id salt. */
  public static final int MIN_SALT_BYTES = 16;

  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int OVERHEAD = 1 + NONCE_BYTES + TAG_BITS / 8;
  private static final String AAD_PREFIX = "fieldsync.wrap/1\n";
  private static final byte[] KEK_ID_PREFIX = "fieldsync.kek/1".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_KEY_FILE_BYTES = 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final String kekId;

  private KeyVault(byte[] kek) {
    if (kek == null || kek.length != KEK_BYTES) {
      throw new IllegalArgumentException("the key-encryption key must be exactly " + KEK_BYTES + " bytes, not "
          + (kek == null ? "missing" : kek.length + " bytes"));
    }
    this.key = new SecretKeySpec(kek, "AES");
    MessageDigest sha256 = sha256();
    sha256.update(KEK_ID_PREFIX);
    this.kekId = HexFormat.of().formatHex(sha256.digest(kek)).substring(0, 16);
  }

  /** A vault for a 32-byte KEK (copied; the caller may wipe its array afterwards). */
  public static KeyVault ofKey(byte[] kek) {
    return new KeyVault(kek);
  }

  /**
   * KEK = Argon2id(passphrase, salt), 32 bytes, version 0x13. The salt is not secret but must be at least 16 bytes
   * and kept (the server stores it in the database); the same passphrase, salt and cost give the same KEK.
   *
   * @throws IllegalArgumentException for an empty passphrase, a short salt or an invalid cost
   */
  public static KeyVault ofPassphrase(char[] passphrase, byte[] salt, int memoryKiB, int iterations,
      int parallelism) {
    if (passphrase == null || passphrase.length == 0) {
      throw new IllegalArgumentException("the key passphrase is empty");
    }
    if (salt == null || salt.length < MIN_SALT_BYTES) {
      throw new IllegalArgumentException("the key passphrase salt must be at least " + MIN_SALT_BYTES + " bytes");
    }
    if (parallelism < 1 || iterations < 1 || memoryKiB < 8 * parallelism) {
      throw new IllegalArgumentException("invalid Argon2id cost m=" + memoryKiB + " KiB, t=" + iterations + ", p="
          + parallelism + " (RFC 9106: t ≥ 1, p ≥ 1, m ≥ 8p)");
    }
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKiB)
        .withIterations(iterations)
        .withParallelism(parallelism)
        .withSalt(salt)
        .build());
    byte[] kek = new byte[KEK_BYTES];
    generator.generateBytes(passphrase, kek); // UTF-8 of the characters, no String made
    try {
      return new KeyVault(kek);
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }

  /**
   * Parses base64 text of exactly 32 bytes, standard or URL-safe alphabet, padded or not; surrounding white space
   * is ignored (an environment variable often ends in a newline).
   *
   * @throws IllegalArgumentException if it is not base64 or not 32 bytes (the message does not repeat the text)
   */
  public static KeyVault ofBase64(String kek) {
    if (kek == null) {
      throw new IllegalArgumentException("the key-encryption key is missing");
    }
    byte[] bytes = decodeBase64(kek.strip());
    if (bytes == null) {
      throw new IllegalArgumentException("the key-encryption key is not base64 text");
    }
    try {
      if (bytes.length != KEK_BYTES) {
        throw new IllegalArgumentException("the key-encryption key must be base64 of exactly " + KEK_BYTES
            + " bytes, not " + bytes.length + " bytes");
      }
      return new KeyVault(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * Reads a key file holding 32 raw bytes, or base64 text of 32 bytes (white space ignored). If the file does not
   * exist and {@code create} is true, creates it first with 32 random bytes as base64 text: written to a temporary
   * file in the same directory (mode 0600 from the start where the file system has POSIX permissions), forced to
   * disk, then renamed into place, so a crash leaves either no key file or a complete one. One process owns a data
   * directory, so concurrent creation is not guarded against.
   *
   * @throws IllegalArgumentException naming the file if its content is not a 32-byte key
   * @throws UncheckedIOException naming the file if it is missing (and not to be created) or cannot be read or written
   */
  public static KeyVault ofKeyFile(Path file, boolean create) {
    if (create && Files.notExists(file)) {
      createKeyFile(file);
    }
    byte[] content;
    try {
      if (Files.size(file) > MAX_KEY_FILE_BYTES) {
        throw wrongKeyFile(file);
      }
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("key file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read key file " + file + ": " + e, e);
    }
    byte[] kek = content.length == KEK_BYTES ? content : decodeBase64(stripWhitespace(content));
    try {
      if (kek == null || kek.length != KEK_BYTES) {
        throw wrongKeyFile(file);
      }
      return new KeyVault(kek);
    } finally {
      Arrays.fill(content, (byte) 0);
      if (kek != null) {
        Arrays.fill(kek, (byte) 0);
      }
    }
  }

  /** The public fingerprint of the KEK: 16 lowercase hex digits. */
  public String kekId() {
    return kekId;
  }

  /**
   * Encrypts a secret under the KEK, bound to a context.
   *
   * @param secret the key to protect (not changed)
   * @param context what is wrapped, e.g. {@code survey-key/<surveyId>/<keyId>}; unwrapping needs the same string
   * @return {@code 0x01 | nonce | ciphertext+tag}, 29 bytes longer than the secret; a new nonce every call
   */
  public byte[] wrap(byte[] secret, String context) {
    if (secret == null) {
      throw new IllegalArgumentException("nothing to wrap");
    }
    byte[] out = new byte[OVERHEAD + secret.length];
    out[0] = VERSION;
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
    try {
      Cipher gcm = cipher(Cipher.ENCRYPT_MODE, nonce, context);
      gcm.doFinal(secret, 0, secret.length, out, 1 + NONCE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is unavailable in this JVM", e);
    }
    return out;
  }

  /**
   * Decrypts what {@link #wrap} produced.
   *
   * @return the secret, a fresh array the caller should wipe after use
   * @throws KeyVaultException if the KEK is not the one used to wrap, the bytes were altered or truncated, or the
   *     context differs (these cannot be told apart; compare {@link #kekId()} with the stored one to rule out the
   *     first)
   */
  public byte[] unwrap(byte[] wrapped, String context) {
    if (wrapped == null || wrapped.length < OVERHEAD || wrapped[0] != VERSION) {
      throw new KeyVaultException("cannot unwrap the key for '" + context + "': it is not a version 1 wrapped key "
          + "(the wrapped key was altered or truncated)");
    }
    byte[] nonce = Arrays.copyOfRange(wrapped, 1, 1 + NONCE_BYTES);
    try {
      Cipher gcm = cipher(Cipher.DECRYPT_MODE, nonce, context);
      return gcm.doFinal(wrapped, 1 + NONCE_BYTES, wrapped.length - 1 - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new KeyVaultException("cannot unwrap the key for '" + context + "': wrong key-encryption key (this one is "
          + kekId + "), or the wrapped key was altered, or it was wrapped for another context", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is unavailable in this JVM", e);
    }
  }

  /** Shows the key id only. */
  @Override
  public String toString() {
    return "KeyVault[kekId=" + kekId + "]";
  }

  private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
    if (context == null || context.isEmpty()) {
      throw new IllegalArgumentException("a wrap context is required");
    }
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    gcm.updateAAD((AAD_PREFIX + context).getBytes(StandardCharsets.UTF_8));
    return gcm;
  }

  private static void createKeyFile(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    byte[] kek = new byte[KEK_BYTES];
    RANDOM.nextBytes(kek);
    byte[] text = (Base64.getEncoder().encodeToString(kek) + "\n").getBytes(StandardCharsets.US_ASCII);
    Arrays.fill(kek, (byte) 0);
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
      tmp = posix
          ? Files.createTempFile(dir, ".kek-", ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
          : Files.createTempFile(dir, ".kek-", ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(text);
        while (buffer.hasRemaining()) {
          ch.write(buffer);
        }
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      tmp = null;
      forceDirectory(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create key file " + file + ": " + e, e);
    } finally {
      Arrays.fill(text, (byte) 0);
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the temporary file is left behind; the next creation uses another name
        }
      }
    }
  }

  /** Makes the rename durable where directories can be opened (Linux, macOS); elsewhere a no-op. */
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // not supported on this platform
    }
  }

  private static IllegalArgumentException wrongKeyFile(Path file) {
    return new IllegalArgumentException("key file " + file + " must hold a " + KEK_BYTES
        + "-byte key: 32 raw bytes or base64 text of 32 bytes");
  }

  /** Standard or URL-safe base64, padding optional; null if the text is not base64. */
  private static byte[] decodeBase64(String text) {
    try {
      return Base64.getDecoder().decode(text.replace('-', '+').replace('_', '/'));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String stripWhitespace(byte[] content) {
    StringBuilder sb = new StringBuilder(content.length);
    for (byte b : content) {
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        sb.append((char) (b & 0xff));
      }
    }
    return sb.toString();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
