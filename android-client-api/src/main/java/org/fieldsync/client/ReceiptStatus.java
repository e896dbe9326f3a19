package org.fieldsync.client;

/** What the server did with an uploaded envelope. Either way it is stored, and the tablet may forget it. */
public enum ReceiptStatus {
    /** Stored and valid. */
    ACCEPTED("accepted"),
    /**
     * Stored, but it did not pass validation (or its assignment was withdrawn, or its questionnaire version is
     * unknown): the receipt lists the errors and a supervisor will look at it.
     */
    QUARANTINED("quarantined");

    private final String wire;

    ReceiptStatus(String wire) {
        this.wire = wire;
    }

    /** @return the value on the wire, {@code accepted} or {@code quarantined} */
    public String wire() {
        return wire;
    }

    static ReceiptStatus fromWire(String s) {
        for (ReceiptStatus v : values()) {
            if (v.wire.equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("/receipt/status must be accepted or quarantined");
    }
}
