package org.fieldsync.forms.export;

import org.fieldsync.forms.Code;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every file of an export and every column of it described the same way, for the codebook and the import scripts:
 * the levels with their keys, fixed and extra columns and variables, then the side tables with their columns.
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

    /**
     * One file of the export: a level or a side table.
     *
     * @param name    the level or table name, also the data set's name in the scripts
     * @param label   what the file holds per language; empty for a level
     * @param level   the level, or null for a table
     * @param table   the table, or null for a level
     * @param columns its columns in file order
     */
    record DataFile(String name, Map<String, String> label, Level level, Table table, List<Column> columns) {
        String fileName() {
            return name + ".csv";
        }
    }

    /** Width of a string column when the schema sets no maxLength. */
    static final int DEFAULT_WIDTH = 1000;

    private Columns() {
    }

    /** @return the levels' files, then the tables' files, in the schema's order */
    static List<DataFile> files(ExportSchema schema) {
        List<DataFile> files = new ArrayList<>();
        for (Level level : schema.levels()) {
            files.add(new DataFile(level.name(), Map.of(), level, null, of(schema, level)));
        }
        for (Table table : schema.tables()) {
            files.add(new DataFile(table.name(), table.label(), null, table,
                    table.columns().stream().map(Columns::extra).toList()));
        }
        return files;
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
            schema.extraRootColumns().forEach(extra -> columns.add(extra(extra)));
        }
        for (Variable v : level.variables()) {
            int width = v.type() == VariableType.STRING || v.kind() == Variable.Kind.LIST
                    ? (v.width() > 0 ? v.width() : DEFAULT_WIDTH) : 0;
            columns.add(new Column(v.name(), Role.VARIABLE, v.kind() == Variable.Kind.LIST ? VariableType.STRING
                    : v.type(), v.label(), v.codes(), v, width));
        }
        return columns;
    }

    private static Column extra(ExtraColumn extra) {
        return new Column(extra.name(), Role.EXTRA, extra.type(), extra.label(), extra.codes(), null,
                extra.type() == VariableType.STRING ? DEFAULT_WIDTH : 0);
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
