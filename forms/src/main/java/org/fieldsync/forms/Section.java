package org.fieldsync.forms;

import java.util.Map;

/**
 * A section (module) of a questionnaire, from {@code x-form.sections}, in display order.
 *
 * @param id    the section's identifier, named by the questions' {@code x-section}
 * @param label the section's title per language (ordered as in the document, unmodifiable)
 */
public record Section(String id, Map<String, String> label) {
    /** Copies the label map, keeping its order. */
    public Section {
        label = Maps.ordered(label);
    }
}
