package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** A supervisor's comment on a returned interview, at an answer or on the whole interview. */
public final class Comment {
    private final String pointer;
    private final String text;
    private final String author;
    private final Instant at;

    private Comment(String pointer, String text, String author, Instant at) {
        this.pointer = pointer;
        this.text = text;
        this.author = author;
        this.at = at;
    }

    static Comment fromJson(JsonNode o, String where) {
        if (!o.isObject()) {
            throw new IllegalArgumentException(where + " must be an object");
        }
        JsonNode pointer = o.get("pointer");
        if (pointer == null || !pointer.isTextual()) {
            throw new IllegalArgumentException(where + "/pointer must be a string (\"\" for the whole interview)");
        }
        return new Comment(pointer.textValue(), Wire.text(o, "text", 10_000), Wire.text(o, "author", 200),
                Wire.timestamp(o, "at"));
    }

    /** @return the JSON pointer of the answer commented on, {@code ""} for the whole interview */
    public String pointer() {
        return pointer;
    }

    /** @return the comment */
    public String text() {
        return text;
    }

    /** @return the supervisor's username */
    public String author() {
        return author;
    }

    /** @return when it was written */
    public Instant at() {
        return at;
    }

    @Override
    public String toString() {
        return author + " at '" + pointer + "': " + text;
    }
}
