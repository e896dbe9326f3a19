package org.fieldsync.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server receipt signing keys a device trusts, by key id: the one received at enrolment plus any announced
 * later by a pull (key rotation). Receipts are verified against it. Immutable: {@link #with(PublishedKey)} returns a
 * new ring. The app persists {@link #keys()} (they are public keys: no secrecy needed, but integrity is).
 */
public final class ServerKeyRing {
    private final Map<String, PublishedKey> keys;

    private ServerKeyRing(Map<String, PublishedKey> keys) {
        this.keys = keys;
    }

    /**
     * @param keys the trusted keys
     * @return a ring holding them
     * @throws IllegalArgumentException if two keys share an id but differ
     */
    public static ServerKeyRing of(PublishedKey... keys) {
        return of(java.util.Arrays.asList(keys));
    }

    /**
     * @param keys the trusted keys
     * @return a ring holding them
     * @throws IllegalArgumentException if two keys share an id but differ
     */
    public static ServerKeyRing of(List<PublishedKey> keys) {
        ServerKeyRing ring = new ServerKeyRing(Collections.emptyMap());
        for (PublishedKey k : keys) {
            ring = ring.with(k);
        }
        return ring;
    }

    /**
     * @param key a key to trust as well
     * @return a ring with the key added (this ring if it is already there)
     * @throws IllegalArgumentException if the ring holds a different key with the same id: a key id never changes
     *                                  meaning, so this is refused rather than silently replaced
     */
    public ServerKeyRing with(PublishedKey key) {
        PublishedKey existing = keys.get(key.keyId());
        if (existing != null) {
            if (existing.equals(key)) {
                return this;
            }
            throw new IllegalArgumentException("server key id " + key.keyId() + " is already trusted with another key");
        }
        Map<String, PublishedKey> copy = new LinkedHashMap<>(keys);
        copy.put(key.keyId(), key);
        return new ServerKeyRing(Collections.unmodifiableMap(copy));
    }

    /**
     * @param keyId a key id
     * @return the trusted key with that id, or {@code null}
     */
    public PublishedKey find(String keyId) {
        return keys.get(keyId);
    }

    /** @return the trusted keys in the order they were added; unmodifiable */
    public List<PublishedKey> keys() {
        return Collections.unmodifiableList(new ArrayList<>(keys.values()));
    }

    @Override
    public String toString() {
        return "ServerKeyRing" + keys.keySet();
    }
}
