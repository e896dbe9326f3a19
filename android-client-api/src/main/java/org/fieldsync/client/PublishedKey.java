package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fieldsync.client.json.Base64Url;

import java.util.Arrays;
import java.util.Objects;

/**
 * A public key with its id, as it travels in JSON: {@code {"keyId": "…", "publicKey": "<base64url>"}}. Used for the
 * survey's X25519 key (what tablets seal to) and the server's Ed25519 receipt signing key. Both are 32 bytes.
 * Immutable.
 */
public final class PublishedKey {
    private final String keyId;
    private final byte[] publicKey;

    /**
     * @param keyId     the key id, 1 to 64 characters
     * @param publicKey the 32-byte public key (copied)
     * @throws IllegalArgumentException if the id is empty or too long or the key is not 32 bytes
     */
    public PublishedKey(String keyId, byte[] publicKey) {
        if (keyId == null || keyId.isEmpty() || keyId.length() > 64) {
            throw new IllegalArgumentException("keyId must have 1 to 64 characters");
        }
        if (publicKey == null || publicKey.length != 32) {
            throw new IllegalArgumentException("a public key has 32 bytes");
        }
        this.keyId = keyId;
        this.publicKey = publicKey.clone();
    }

    /** @return the key id */
    public String keyId() {
        return keyId;
    }

    /** @return the 32-byte public key, a fresh copy */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    byte[] publicKeyUnsafe() {
        return publicKey;
    }

    /** @return the JSON form, {@code {"keyId":…,"publicKey":…}} */
    public String toJson() {
        return org.fieldsync.client.json.Canonical.toString(toNode());
    }

    ObjectNode toNode() {
        ObjectNode o = Wire.object();
        o.put("keyId", keyId);
        o.put("publicKey", Base64Url.encode(publicKey));
        return o;
    }

    /**
     * @param json the JSON form
     * @return the key
     * @throws IllegalArgumentException if the JSON is not a key object
     */
    public static PublishedKey fromJson(String json) {
        return fromNode(Wire.parseObject(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), "");
    }

    static PublishedKey fromNode(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + " must be an object {keyId, publicKey}");
        }
        try {
            return new PublishedKey(Wire.text(node, "keyId", 64), Wire.bytes(node, "publicKey", 32));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublishedKey && keyId.equals(((PublishedKey) o).keyId)
                && Arrays.equals(publicKey, ((PublishedKey) o).publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, Arrays.hashCode(publicKey));
    }

    @Override
    public String toString() {
        return "PublishedKey[" + keyId + ", " + Base64Url.encode(publicKey) + "]";
    }
}
