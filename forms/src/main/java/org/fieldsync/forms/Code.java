package org.fieldsync.forms;

import java.util.Map;

/**
 * One value label of a coded question ({@code x-codes}).
 *
 * @param code  the code as it appears in answers: an {@link Integer}, or a {@link Long} if it does not fit an int,
 *              or a {@link String} (ISO 3166 alpha-3 country codes, for instance)
 * @param label the code's label per language (ordered as in the document, unmodifiable)
 */
public record Code(Object code, Map<String, String> label) {
    /** Copies the label map, keeping its order. */
    public Code {
        label = Maps.ordered(label);
    }
}
