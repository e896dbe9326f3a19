package org.fieldsync.client;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * An Ed25519 key pair (RFC 8032): a device's key, which signs its envelopes, or the server's receipt signing key.
 * Create one with {@link FieldsyncCrypto#generateSigningKeyPair()} or restore it from its 32-byte private key with
 * {@link FieldsyncCrypto#signingKeyPair(byte[])}. Immutable; {@link #toString()} never shows the private key.
 */
public final class SigningKeyPair {
    final Ed25519PrivateKeyParameters privateKey;
    final Ed25519PublicKeyParameters publicKey;
    private final byte[] publicKeyBytes;

    SigningKeyPair(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = privateKey.generatePublicKey();
        this.publicKeyBytes = publicKey.getEncoded();
    }

    /** @return the 32-byte private key (the RFC 8032 seed), a fresh copy to store in protected storage */
    public byte[] privateKey() {
        return privateKey.getEncoded();
    }

    /** @return the 32-byte public key, a fresh copy */
    public byte[] publicKey() {
        return publicKeyBytes.clone();
    }

    @Override
    public String toString() {
        return "SigningKeyPair[public " + org.fieldsync.client.json.Base64Url.encode(publicKeyBytes) + "]";
    }
}
