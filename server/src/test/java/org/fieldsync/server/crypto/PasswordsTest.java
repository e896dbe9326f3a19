package org.fieldsync.server.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordsTest {
  private final Passwords passwords = new Passwords(1024, 1, 1);

  @Test
  void verifiesTheRightPasswordAndRefusesAWrongOne() {
    String hash = passwords.hash("survey fieldwork 2026");
    assertTrue(passwords.verify("survey fieldwork 2026", hash));
    assertFalse(passwords.verify("survey fieldwork 2025", hash));
  }

  @Test
  void saltsEveryHash() {
    assertNotEquals(passwords.hash("same password"), passwords.hash("same password"));
  }

  @Test
  void aMissingHashNeverVerifies() {
    assertFalse(passwords.verify("anything", null));
  }

  @Test
  void knowsWhenAHashWasMadeWithOtherParameters() {
    String weak = new Passwords(1024, 1, 1).hash("pw");
    Passwords stronger = new Passwords(2048, 2, 1);
    assertTrue(stronger.needsRehash(weak));
    assertTrue(stronger.verify("pw", weak), "old hashes still verify with their recorded parameters");
    assertFalse(stronger.needsRehash(stronger.hash("pw")));
  }

  @Test
  void matchesAnRfc9106StyleEncoding() {
    String hash = passwords.hash("pw");
    assertTrue(hash.matches("\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"), hash);
  }
}
