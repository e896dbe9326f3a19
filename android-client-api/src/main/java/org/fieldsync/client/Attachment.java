package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fieldsync.client.json.Canonical;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A file that belongs to an interview (a photo, an audio recording), listed in the envelope header so that the
 * header, and hence the signature, commits to it. Format 1 envelopes carry an empty list; the member exists so
 * attachments can be added without a new format.
 */
public final class Attachment {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
    private static final Set<String> MEMBERS = Wire.names("name", "mediaType", "sha256", "size");

    private final String name;
    private final String mediaType;
    private final String sha256;
    private final long size;

    /**
     * @param name      file name within the interview, 1 to 128 of {@code A-Z a-z 0-9 . _ -}
     * @param mediaType IANA media type, e.g. {@code image/jpeg}
     * @param sha256    lowercase hex SHA-256 of the file's bytes
     * @param size      size in bytes
     * @throws IllegalArgumentException if a value is out of its range
     */
    public Attachment(String name, String mediaType, String sha256, long size) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("attachment name must be 1 to 128 of A-Z a-z 0-9 . _ -: " + name);
        }
        if (mediaType == null || mediaType.isEmpty() || mediaType.length() > 100) {
            throw new IllegalArgumentException("attachment media type must have 1 to 100 characters");
        }
        if (sha256 == null || !Wire.SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("attachment sha256 must be 64 lowercase hex digits");
        }
        if (size < 0 || size > Canonical.MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("attachment size out of range: " + size);
        }
        this.name = name;
        this.mediaType = mediaType;
        this.sha256 = sha256;
        this.size = size;
    }

    /** @return the file name within the interview */
    public String name() {
        return name;
    }

    /** @return the IANA media type */
    public String mediaType() {
        return mediaType;
    }

    /** @return the lowercase hex SHA-256 of the file */
    public String sha256() {
        return sha256;
    }

    /** @return the size in bytes */
    public long size() {
        return size;
    }

    ObjectNode toJson() {
        ObjectNode o = Wire.object();
        o.put("name", name);
        o.put("mediaType", mediaType);
        o.put("sha256", sha256);
        o.put("size", size);
        return o;
    }

    static Attachment fromJson(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        Wire.exactMembers(node, MEMBERS, where);
        return new Attachment(Wire.text(node, "name", 128), Wire.text(node, "mediaType", 100),
                Wire.text(node, "sha256", 64), Wire.integer(node, "size", 0, Canonical.MAX_SAFE_INTEGER));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Attachment)) {
            return false;
        }
        Attachment a = (Attachment) o;
        return name.equals(a.name) && mediaType.equals(a.mediaType) && sha256.equals(a.sha256) && size == a.size;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, mediaType, sha256, size);
    }

    @Override
    public String toString() {
        return "Attachment[" + name + ", " + mediaType + ", " + size + " bytes]";
    }
}
