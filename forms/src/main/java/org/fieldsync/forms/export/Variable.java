package org.fieldsync.forms.export;

import org.fieldsync.forms.Code;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One exported column that comes from the answers.
 *
 * @param name        the column name: unique in its level, {@code [a-z][a-z0-9_]*}, at most 32 characters (see
 *                    {@link ExportSchema} for how it is derived from the path)
 * @param level       the name of the level (file) the column belongs to
 * @param path        the question's path, e.g. {@code /roster/*}{@code /age}
 * @param kind        how the column is computed from the answer at {@code path}
 * @param type        the column's type ({@link VariableType#INTEGER} 0/1 for {@link Kind#SELECTED})
 * @param label       the variable label per language: the question text, followed for a {@link Kind#SELECTED}
 *                    column by {@code ": "} and the code's label, for a {@link Kind#COARSENED} one by a note
 * @param question    the question text per language ({@code x-label}) of the latest version that asked it
 * @param codes       the value labels, the union over the versions (latest label wins); empty if not coded
 *                    (always empty for a {@link Kind#SELECTED} column)
 * @param selects     for a {@link Kind#SELECTED} column, the code it indicates; otherwise null
 * @param identifying whether the questionnaire marks the answer identifying (itself or an enclosing question)
 * @param versions    the questionnaire versions that asked it, ascending; an interview of another version has
 *                    an empty cell
 * @param width       for strings, the largest length in UTF-8 bytes the schema allows (3 × {@code maxLength},
 *                    the longest code); 0 if unknown or not a string
 */
public record Variable(String name, String level, String path, Kind kind, VariableType type,
                       Map<String, String> label, Map<String, String> question, List<Code> codes, Object selects,
                       boolean identifying, List<Integer> versions, int width) {
    /** How a column is computed from the answer at its path. */
    public enum Kind {
        /** the answer itself: a string, number, boolean or date */
        VALUE,
        /** one code of a multi-select question: 1 if the array holds the code, 0 if not, empty if not answered */
        SELECTED,
        /** a GPS coordinate rounded to 0.1 degree (see {@link IdentifyingPolicy#DROP}) */
        COARSENED,
        /** an array of uncoded values, written as JSON text */
        LIST
    }

    /** Copies the maps (keeping their order) and lists. */
    public Variable {
        label = copy(label);
        question = copy(question);
        codes = codes == null ? List.of() : List.copyOf(codes);
        versions = List.copyOf(versions);
    }

    /**
     * @param language a language tag
     * @return the label in that language, else the first one, else the name
     */
    public String labelIn(String language) {
        return in(label, language, name);
    }

    static String in(Map<String, String> texts, String language, String fallback) {
        String text = texts.get(language);
        if (text != null) {
            return text;
        }
        return texts.isEmpty() ? fallback : texts.values().iterator().next();
    }

    /** @return an unmodifiable copy keeping the order; empty for null */
    static Map<String, String> copy(Map<String, String> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
