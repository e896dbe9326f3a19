package org.fieldsync.forms.export;

/**
 * The type of an exported column, as the codebook and the import scripts state it.
 *
 * <p>In the CSV files: {@link #STRING}, {@link #DATE} ({@code yyyy-mm-dd}) and {@link #DATETIME} (ISO 8601) as
 * written in the answers; {@link #INTEGER} and {@link #NUMBER} in plain decimal notation with a dot, no exponent,
 * no grouping; {@link #BOOLEAN} as {@code 1}/{@code 0}.
 */
public enum VariableType {
    STRING, INTEGER, NUMBER, BOOLEAN, DATE, DATETIME;

    /** @return the lowercase name used in the codebook, e.g. {@code integer} */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** @return whether values of this type are numbers in the CSV files (booleans are written 1/0) */
    public boolean numeric() {
        return this == INTEGER || this == NUMBER || this == BOOLEAN;
    }

    /** The type that holds values of both: the same type, integer widened to number, anything else string. */
    static VariableType widen(VariableType a, VariableType b) {
        if (a == b) {
            return a;
        }
        if ((a == INTEGER && b == NUMBER) || (a == NUMBER && b == INTEGER)) {
            return NUMBER;
        }
        return STRING;
    }
}
