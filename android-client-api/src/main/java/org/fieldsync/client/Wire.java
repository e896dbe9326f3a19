package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fieldsync.client.json.Base64Url;
import org.fieldsync.client.json.Canonical;

import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Field-by-field reading of protocol JSON. Every method throws {@link IllegalArgumentException} naming the member,
 * which the callers turn into their own exception type.
 */
final class Wire {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Wire() {
    }

    /** An unmodifiable set of member names (not {@code Set.of}: older Android releases lack it). */
    static Set<String> names(String... names) {
        return java.util.Collections.unmodifiableSet(new java.util.HashSet<>(java.util.Arrays.asList(names)));
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static JsonNode requireObject(JsonNode parent, String name) {
        JsonNode v = parent.get(name);
        if (v == null || !v.isObject()) {
            throw new IllegalArgumentException("/" + name + " must be an object");
        }
        return v;
    }

    static String text(JsonNode parent, String name, int maxLength) {
        JsonNode v = parent.get(name);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("/" + name + " must be a string");
        }
        String s = v.textValue();
        if (s.isEmpty() || s.length() > maxLength) {
            throw new IllegalArgumentException("/" + name + " must have 1 to " + maxLength + " characters");
        }
        return s;
    }

    static String text(JsonNode parent, String name, Pattern pattern) {
        String s = text(parent, name, 1000);
        if (!pattern.matcher(s).matches()) {
            throw new IllegalArgumentException("/" + name + " must match " + pattern.pattern());
        }
        return s;
    }

    /** A member that must be present, holding a string or {@code null}. */
    static String nullableText(JsonNode parent, String name, int maxLength) {
        JsonNode v = parent.get(name);
        if (v == null) {
            throw new IllegalArgumentException("/" + name + " is missing (use null for no value)");
        }
        return v.isNull() ? null : text(parent, name, maxLength);
    }

    /** A member that may be absent or {@code null}. */
    static String optionalText(JsonNode parent, String name, int maxLength) {
        JsonNode v = parent.get(name);
        return v == null || v.isNull() ? null : text(parent, name, maxLength);
    }

    static long integer(JsonNode parent, String name, long min, long max) {
        JsonNode v = parent.get(name);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("/" + name + " must be an integer");
        }
        long n = v.longValue();
        if (n < min || n > max) {
            throw new IllegalArgumentException("/" + name + " must be between " + min + " and " + max);
        }
        return n;
    }

    static boolean bool(JsonNode parent, String name, boolean ifAbsent) {
        JsonNode v = parent.get(name);
        if (v == null || v.isNull()) {
            return ifAbsent;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("/" + name + " must be true or false");
        }
        return v.booleanValue();
    }

    static Instant timestamp(JsonNode parent, String name) {
        String s = text(parent, name, 24);
        try {
            return Timestamps.parse(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("/" + name + " must be a timestamp like 2025-03-01T08:15:00.000Z");
        }
    }

    static Instant optionalTimestamp(JsonNode parent, String name) {
        JsonNode v = parent.get(name);
        return v == null || v.isNull() ? null : timestamp(parent, name);
    }

    static byte[] bytes(JsonNode parent, String name, int exactLength) {
        String s = text(parent, name, 100_000_000);
        byte[] b;
        try {
            b = Base64Url.decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("/" + name + " must be base64url without padding");
        }
        if (exactLength >= 0 && b.length != exactLength) {
            throw new IllegalArgumentException("/" + name + " must decode to " + exactLength + " bytes");
        }
        return b;
    }

    static JsonNode array(JsonNode parent, String name) {
        JsonNode v = parent.get(name);
        if (v == null || !v.isArray()) {
            throw new IllegalArgumentException("/" + name + " must be an array");
        }
        return v;
    }

    /** Refuses members other than the expected ones (for signed objects, whose member set is fixed). */
    static void exactMembers(JsonNode node, Set<String> expected, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!expected.contains(name)) {
                throw new IllegalArgumentException(where + "/" + name + " is not a member of this format");
            }
        }
        for (String name : expected) {
            if (!node.has(name)) {
                throw new IllegalArgumentException(where + "/" + name + " is missing");
            }
        }
    }

    static JsonNode parseObject(byte[] json) {
        JsonNode node = Canonical.parse(json);
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return node;
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
