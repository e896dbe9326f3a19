package org.fieldsync.server.crypto;

/**
 * A wrapped key could not be unwrapped: the key-encryption key is not the one it was wrapped under, the wrapped bytes
 * were altered, or it was wrapped for another context. The message never contains key material.
 */
public final class KeyVaultException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KeyVaultException(String message) {
    super(message);
  }

  public KeyVaultException(String message, Throwable cause) {
    super(message, cause);
  }
}
