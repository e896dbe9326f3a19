package org.fieldsync.forms.export;

import org.fieldsync.forms.Code;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every column of a level described the same way, keys and extra columns included, for the codebook and the
 * import scripts.
 */
final class Columns {
    /** What a column is. */
    enum Role {
        KEY, FIXED, EXTRA, VARIABLE;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * @param variable the schema variable for {@link Role#VARIABLE}, else null
     * @param width    for strings, the width in UTF-8 bytes the scripts should allow
     */
    record Column(String name, Role role, VariableType type, Map<String, String> label, List<Code> codes,
                  Variable variable, int width) {
        String labelIn(String language) {
            return Variable.in(label, language, name);
        }
    }

    /** Width of a string column when the schema sets no maxLength. */
    static final int DEFAULT_WIDTH = 1000;

    private Columns() {
    }

    static List<Column> of(ExportSchema schema, Level level) {
        List<Column> columns = new ArrayList<>();
        for (String key : level.keys()) {
            if (key.equals(ExportSchema.INTERVIEW_ID)) {
                columns.add(new Column(key, Role.KEY, VariableType.STRING,
                        texts(schema, "Interview identifier", "Identifiant de l'entretien"), List.of(), null, 255));
            } else if (key.equals(ExportSchema.REVISION)) {
                columns.add(new Column(key, Role.KEY, VariableType.INTEGER,
                        texts(schema, "Revision of the interview", "Révision de l'entretien"), List.of(), null, 0));
            } else {
                String levelName = levelOfKey(schema, key);
                columns.add(new Column(key, Role.KEY, VariableType.INTEGER,
                        texts(schema, "Position in the list: " + levelName, "Rang dans la liste : " + levelName),
                        List.of(), null, 0));
            }
        }
        if (level.isRoot()) {
            columns.add(new Column(ExportSchema.FORM_VERSION, Role.FIXED, VariableType.INTEGER,
                    texts(schema, "Questionnaire version", "Version du questionnaire"), List.of(), null, 0));
            for (ExtraColumn extra : schema.extraRootColumns()) {
                columns.add(new Column(extra.name(), Role.EXTRA, extra.type(), extra.label(), extra.codes(), null,
                        extra.type() == VariableType.STRING ? DEFAULT_WIDTH : 0));
            }
        }
        for (Variable v : level.variables()) {
            int width = v.type() == VariableType.STRING || v.kind() == Variable.Kind.LIST
                    ? (v.width() > 0 ? v.width() : DEFAULT_WIDTH) : 0;
            columns.add(new Column(v.name(), Role.VARIABLE, v.kind() == Variable.Kind.LIST ? VariableType.STRING
                    : v.type(), v.label(), v.codes(), v, width));
        }
        return columns;
    }

    private static String levelOfKey(ExportSchema schema, String key) {
        for (Level level : schema.levels()) {
            if (!level.isRoot() && level.keys().get(level.keys().size() - 1).equals(key)) {
                return level.name();
            }
        }
        return key;
    }

    /** A text of the export itself in the schema's languages: English and French, English for any other. */
    private static Map<String, String> texts(ExportSchema schema, String en, String fr) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String language : schema.languages()) {
            texts.put(language, language.startsWith("fr") ? fr : en);
        }
        return texts;
    }
}
