package org.fieldsync.client;

/**
 * Signs with the device's Ed25519 key. {@link FieldsyncCrypto#signer(SigningKeyPair)} gives one over a key held in
 * memory; an app may implement it over a hardware-backed key instead (docs/android-client.md). Implementations
 * must be thread-safe.
 */
public interface DeviceSigner {
    /** @return the device's 32-byte Ed25519 public key */
    byte[] publicKey();

    /**
     * Signs a message with pure Ed25519 (RFC 8032, no context, no pre-hash).
     *
     * @param message the array holding the message
     * @param offset  where the message starts
     * @param length  how many bytes it has
     * @return the 64-byte signature
     */
    byte[] sign(byte[] message, int offset, int length);
}
