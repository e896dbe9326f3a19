package org.fieldsync.server.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyVaultTest {
  private static final String CONTEXT = "survey-key/mig-2025/3c2a9e4f1b7d6a05";
  private static final byte[] SECRET = filled(32, 0x22);
  private final KeyVault vault = KeyVault.ofKey(filled(32, 0x11));

  @TempDir Path dir;

  @Test
  void unwrapsWhatItWrapped() {
    byte[] wrapped = vault.wrap(SECRET, CONTEXT);
    assertEquals(1 + 12 + 32 + 16, wrapped.length);
    assertEquals(1, wrapped[0], "version byte");
    assertArrayEquals(SECRET, vault.unwrap(wrapped, CONTEXT));
  }

  @Test
  void refusesToUnwrapWithAnotherKek() {
    byte[] wrapped = vault.wrap(SECRET, CONTEXT);
    KeyVault other = KeyVault.ofKey(filled(32, 0x12));
    KeyVaultException e = assertThrows(KeyVaultException.class, () -> other.unwrap(wrapped, CONTEXT));
    assertTrue(e.getMessage().contains("wrong key-encryption key"), e.getMessage());
    assertTrue(e.getMessage().contains(other.kekId()), e.getMessage());
    assertNotEquals(vault.kekId(), other.kekId());
  }

  @Test
  void refusesAWrappedKeyWithAnyByteAltered() {
    byte[] wrapped = vault.wrap(SECRET, CONTEXT);
    for (int i = 0; i < wrapped.length; i++) {
      byte[] altered = wrapped.clone();
      altered[i] ^= 0x01;
      KeyVaultException e = assertThrows(KeyVaultException.class, () -> vault.unwrap(altered, CONTEXT),
          "byte " + i);
      assertTrue(e.getMessage().contains("altered"), e.getMessage());
    }
    assertThrows(KeyVaultException.class, () -> vault.unwrap(Arrays.copyOf(wrapped, 28), CONTEXT));
  }

  @Test
  void refusesToUnwrapForAnotherContext() {
    byte[] wrapped = vault.wrap(SECRET, CONTEXT);
    KeyVaultException e = assertThrows(KeyVaultException.class,
        () -> vault.unwrap(wrapped, "survey-key/other-survey/3c2a9e4f1b7d6a05"));
    assertTrue(e.getMessage().contains("another context"), e.getMessage());
  }

  @Test
  void usesAFreshNonceForEveryWrap() {
    byte[] a = vault.wrap(SECRET, CONTEXT);
    byte[] b = vault.wrap(SECRET, CONTEXT);
    assertFalse(Arrays.equals(Arrays.copyOfRange(a, 1, 13), Arrays.copyOfRange(b, 1, 13)));
    assertFalse(Arrays.equals(a, b));
  }

  @Test
  void derivesTheSameKekFromTheSamePassphraseAndSaltOnly() {
    byte[] salt = filled(16, 0x33);
    String first = KeyVault.ofPassphrase("correct horse battery".toCharArray(), salt, 1024, 1, 1).kekId();
    String again = KeyVault.ofPassphrase("correct horse battery".toCharArray(), salt, 1024, 1, 1).kekId();
    String otherSalt = KeyVault.ofPassphrase("correct horse battery".toCharArray(), filled(16, 0x34), 1024, 1, 1)
        .kekId();
    assertEquals(first, again);
    assertNotEquals(first, otherSalt);

    byte[] wrapped = KeyVault.ofPassphrase("correct horse battery".toCharArray(), salt, 1024, 1, 1)
        .wrap(SECRET, CONTEXT);
    assertArrayEquals(SECRET,
        KeyVault.ofPassphrase("correct horse battery".toCharArray(), salt, 1024, 1, 1).unwrap(wrapped, CONTEXT));
  }

  @Test
  void refusesAShortSaltOrAnEmptyPassphrase() {
    assertThrows(IllegalArgumentException.class,
        () -> KeyVault.ofPassphrase("pw".toCharArray(), new byte[15], 1024, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> KeyVault.ofPassphrase(new char[0], new byte[16], 1024, 1, 1));
  }

  @Test
  void createsAKeyFileReadableOnlyByItsOwnerAndReadsItBack() throws Exception {
    Path file = dir.resolve("data").resolve("kek.key");
    KeyVault created = KeyVault.ofKeyFile(file, true);

    String text = Files.readString(file, StandardCharsets.US_ASCII);
    assertEquals(32, Base64.getDecoder().decode(text.strip()).length, "base64 of 32 bytes");
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
    try (var leftovers = Files.list(file.getParent())) {
      assertEquals(1, leftovers.count(), "no temporary file left behind");
    }
    KeyVault read = KeyVault.ofKeyFile(file, false);
    assertEquals(created.kekId(), read.kekId());
    assertEquals(created.kekId(), KeyVault.ofKeyFile(file, true).kekId(), "an existing file is never replaced");
    assertArrayEquals(SECRET, read.unwrap(created.wrap(SECRET, CONTEXT), CONTEXT));
  }

  @Test
  void readsRawAndWrappedBase64KeyFiles() throws Exception {
    byte[] kek = filled(32, 0x44);
    Path raw = Files.write(dir.resolve("raw.key"), kek);
    String b64 = Base64.getEncoder().encodeToString(kek);
    Path text = Files.writeString(dir.resolve("text.key"), "  " + b64.substring(0, 20) + "\n" + b64.substring(20)
        + "\r\n");
    assertEquals(KeyVault.ofKey(kek).kekId(), KeyVault.ofKeyFile(raw, false).kekId());
    assertEquals(KeyVault.ofKey(kek).kekId(), KeyVault.ofKeyFile(text, false).kekId());
  }

  @Test
  void refusesAKeyFileOfTheWrongLengthNamingTheFile() throws Exception {
    Path file = Files.writeString(dir.resolve("short.key"), Base64.getEncoder().encodeToString(new byte[31]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyVault.ofKeyFile(file, true));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());

    Path notBase64 = Files.writeString(dir.resolve("junk.key"), "this is not a key at all, is it? no.");
    e = assertThrows(IllegalArgumentException.class, () -> KeyVault.ofKeyFile(notBase64, false));
    assertTrue(e.getMessage().contains(notBase64.toString()), e.getMessage());
  }

  @Test
  void refusesAMissingKeyFileWhenNotToCreateIt() {
    Path file = dir.resolve("absent.key");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> KeyVault.ofKeyFile(file, false));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertFalse(Files.exists(file));
  }

  @Test
  void parsesStandardAndUrlSafeBase64AndRefuses31Bytes() {
    byte[] kek = new byte[32];
    Arrays.fill(kek, (byte) 0xfb); // encodes with '+' and '/' in the standard alphabet
    String id = KeyVault.ofKey(kek).kekId();
    assertEquals(id, KeyVault.ofBase64(Base64.getEncoder().encodeToString(kek)).kekId());
    assertEquals(id, KeyVault.ofBase64(Base64.getUrlEncoder().withoutPadding().encodeToString(kek) + "\n").kekId());

    String short31 = Base64.getEncoder().encodeToString(new byte[31]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyVault.ofBase64(short31));
    assertTrue(e.getMessage().contains("31 bytes"), e.getMessage());
    assertFalse(e.getMessage().contains(short31), "the message does not repeat the key");
    assertThrows(IllegalArgumentException.class, () -> KeyVault.ofBase64("not base64!"));
  }

  @Test
  void kekIdIsAShortPublicFingerprint() {
    assertTrue(vault.kekId().matches("[0-9a-f]{16}"), vault.kekId());
    assertEquals(vault.kekId(), KeyVault.ofKey(filled(32, 0x11)).kekId());
    assertEquals("KeyVault[kekId=" + vault.kekId() + "]", vault.toString());
  }

  private static byte[] filled(int length, int value) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) value);
    return b;
  }
}
