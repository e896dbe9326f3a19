package org.fieldsync.client;

/** A change of a type this library version does not know. Ignore it. */
public final class UnknownChange extends Change {
    private final String type;
    private final String json;

    UnknownChange(long seq, String type, String json) {
        super(seq);
        this.type = type;
        this.json = json;
    }

    @Override
    public String type() {
        return type;
    }

    /** @return the change as JSON, for logging */
    public String json() {
        return json;
    }

    @Override
    public String toString() {
        return type + "#" + seq();
    }
}
