package org.fieldsync.forms.export;

import org.fieldsync.forms.Code;

import java.util.List;
import java.util.Map;

/**
 * A column of the root level that does not come from the answers but from the caller: a design variable
 * (stratum, PSU, weight), a disposition, a date of upload. Its values are passed to
 * {@link Flattener#writeInterview} per interview.
 *
 * @param name  the column name: {@code [a-z][a-z0-9_]*}, at most 32 characters, not a key column
 * @param type  its type
 * @param label its variable label per language (may be empty)
 * @param codes its value labels, empty if it is not coded
 */
public record ExtraColumn(String name, VariableType type, Map<String, String> label, List<Code> codes) {
    /**
     * Copies the label map (keeping its order) and the codes.
     *
     * @throws IllegalArgumentException if the name is not a valid column name
     * @throws NullPointerException     if name or type is null
     */
    public ExtraColumn {
        if (name == null || type == null) {
            throw new NullPointerException("name and type are required");
        }
        Names.requireValid(name, "extra column");
        label = Variable.copy(label);
        codes = codes == null ? List.of() : List.copyOf(codes);
    }

    /** An uncoded column. */
    public ExtraColumn(String name, VariableType type, Map<String, String> label) {
        this(name, type, label, List.of());
    }
}
