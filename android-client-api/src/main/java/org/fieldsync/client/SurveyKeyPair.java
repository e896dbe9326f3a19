package org.fieldsync.client;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

import java.util.Objects;

/**
 * A survey's X25519 key pair with its key id: tablets seal to the public half ({@link #publishedKey()}); only the
 * server holds the private half and opens envelopes with it. Create one with
 * {@link FieldsyncCrypto#generateSurveyKeyPair()} or restore it with
 * {@link FieldsyncCrypto#surveyKeyPair(String, byte[])}. Immutable; {@link #toString()} never shows the private key.
 */
public final class SurveyKeyPair {
    private final String keyId;
    final AsymmetricCipherKeyPair pair;
    private final byte[] publicKeyBytes;

    SurveyKeyPair(String keyId, X25519PrivateKeyParameters privateKey) {
        this.keyId = Objects.requireNonNull(keyId, "keyId");
        X25519PublicKeyParameters publicKey = privateKey.generatePublicKey();
        this.pair = new AsymmetricCipherKeyPair(publicKey, privateKey);
        this.publicKeyBytes = publicKey.getEncoded();
    }

    /** @return the key id envelopes name in {@code surveyKeyId} */
    public String keyId() {
        return keyId;
    }

    /** @return the 32-byte X25519 private key, a fresh copy to store protected */
    public byte[] privateKey() {
        return ((X25519PrivateKeyParameters) pair.getPrivate()).getEncoded();
    }

    /** @return the 32-byte X25519 public key, a fresh copy */
    public byte[] publicKey() {
        return publicKeyBytes.clone();
    }

    /** @return the key id and public key, as sent to tablets */
    public PublishedKey publishedKey() {
        return new PublishedKey(keyId, publicKeyBytes);
    }

    @Override
    public String toString() {
        return "SurveyKeyPair[" + keyId + "]";
    }
}
