package org.fieldsync.forms;

import java.util.List;
import java.util.Map;

/**
 * One question of a questionnaire: a member of a {@code properties} object reachable from the root (through
 * {@code items}, {@code prefixItems} and local {@code $ref}s), with its annotations.
 *
 * @param path        JSON pointer into an interview with {@code *} for array items, e.g. {@code /roster/*}{@code /age}
 * @param section     the id of its section: its own {@code x-section}, else the one of the question it belongs to
 * @param label       question text per language ({@code x-label}), unmodifiable, in document order
 * @param hint        enumerator help text per language ({@code x-hint}); empty if none
 * @param type        the JSON Schema {@code type} (its own or its {@code $ref} target's; the first non-null one if
 *                    a list); {@code ""} if none
 * @param codes       value labels ({@code x-codes} of the question, its {@code items} or its {@code $ref} target);
 *                    empty if the question is not coded
 * @param identifying {@code x-identifying}: the answer identifies a person
 * @param level       {@code x-level}, the export level of an array of objects; {@code ""} for other questions
 */
public record Question(String path, String section, Map<String, String> label, Map<String, String> hint,
                       String type, List<Code> codes, boolean identifying, String level) {
    /** Copies the maps and lists, keeping their order; {@code null}s become empty. */
    public Question {
        section = section == null ? "" : section;
        label = Maps.ordered(label);
        hint = Maps.ordered(hint);
        type = type == null ? "" : type;
        codes = codes == null ? List.of() : List.copyOf(codes);
        level = level == null ? "" : level;
    }

    /**
     * @param language a language tag
     * @return the label in that language, else the first label of the map, else {@code ""}
     */
    String labelIn(String language) {
        String text = label.get(language);
        if (text != null) {
            return text;
        }
        return label.isEmpty() ? "" : label.values().iterator().next();
    }
}
