package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;
import java.util.Set;

/**
 * One problem the server found in an interview, listed in a receipt with status {@code quarantined}: the interview
 * is stored, and a supervisor will see it.
 */
public final class ValidationError {
    private static final Set<String> MEMBERS = Wire.names("code", "message", "pointer");
    private final String code;
    private final String message;
    private final String pointer;

    /**
     * @param code    a stable code, e.g. {@code answer.required} or {@code assignment.withdrawn}; 1 to 100 characters
     * @param message a readable English sentence, at most 2000 characters
     * @param pointer the JSON pointer of the answer concerned, {@code ""} for the interview as a whole; at most 1000
     *                characters
     * @throws IllegalArgumentException if a value is missing or too long
     */
    public ValidationError(String code, String message, String pointer) {
        if (code == null || code.isEmpty() || code.length() > 100) {
            throw new IllegalArgumentException("code must have 1 to 100 characters");
        }
        if (message == null || message.length() > 2000) {
            throw new IllegalArgumentException("message must have at most 2000 characters");
        }
        if (pointer == null || pointer.length() > 1000 || !(pointer.isEmpty() || pointer.startsWith("/"))) {
            throw new IllegalArgumentException("pointer must be a JSON pointer of at most 1000 characters");
        }
        this.code = code;
        this.message = message;
        this.pointer = pointer;
    }

    /** @return the stable code */
    public String code() {
        return code;
    }

    /** @return the readable message */
    public String message() {
        return message;
    }

    /** @return the JSON pointer into the answers, {@code ""} for the whole interview */
    public String pointer() {
        return pointer;
    }

    ObjectNode toJson() {
        ObjectNode o = Wire.object();
        o.put("code", code);
        o.put("message", message);
        o.put("pointer", pointer);
        return o;
    }

    static ValidationError fromJson(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        Wire.exactMembers(node, MEMBERS, where);
        JsonNode message = node.get("message");
        JsonNode pointer = node.get("pointer");
        if (!message.isTextual() || !pointer.isTextual()) {
            throw new IllegalArgumentException(where + "/message and /pointer must be strings");
        }
        return new ValidationError(Wire.text(node, "code", 100), message.textValue(), pointer.textValue());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValidationError && code.equals(((ValidationError) o).code)
                && message.equals(((ValidationError) o).message) && pointer.equals(((ValidationError) o).pointer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, message, pointer);
    }

    @Override
    public String toString() {
        return code + " at '" + pointer + "': " + message;
    }
}
