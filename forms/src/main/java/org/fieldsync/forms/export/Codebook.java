package org.fieldsync.forms.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fieldsync.forms.Code;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The codebook of an export, as JSON and as Markdown, from its {@link ExportSchema}: per level (file), every
 * column in file order: the keys, the root's {@code form_version} and extra columns, then each variable with its
 * label and question text in each language, type, value labels in each language, the versions that asked it,
 * and whether it is identifying. Under {@link IdentifyingPolicy#DROP} identifying variables are absent, as they
 * are from the files. After the levels, each side {@link Table} (file) with its label and its columns, described
 * as the root's extra columns are.
 */
public final class Codebook {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Codebook() {
    }

    /**
     * The JSON codebook:
     * <pre>{@code
     * {"form": "household", "title": {...}, "versions": [1, 2], "languages": ["en", "fr"], "identifying": "drop",
     *  "levels": [{"name": "person", "file": "person.csv", "path": "/roster", "parent": "household",
     *              "keys": ["interview_id", "person_no"],
     *              "columns": [{"name": "sex", "role": "variable", "kind": "value",
     *                           "type": "integer", "label": {"en": "Sex", "fr": "Sexe"}, "question": {...},
     *                           "codes": [{"code": 1, "label": {"en": "Male", "fr": "Masculin"}}, ...],
     *                           "versions": [1, 2], "identifying": false}, ...]}],
     *  "tables": [{"name": "sample", "file": "sample.csv", "label": {"en": "Sampled households", ...},
     *              "columns": [{"name": "disposition", "role": "extra", "type": "integer", "label": {...},
     *                           "codes": [...]}, ...]}]}
     * }</pre>
     * {@code role} is {@code key}, {@code fixed} ({@code form_version}), {@code extra} or {@code variable}; only
     * variables have {@code kind}, {@code path} (the question's path), {@code question}, {@code versions},
     * {@code identifying}, and a {@code selected} column {@code selects} (the code it indicates). {@code tables}
     * lists the side tables (empty if none) with the same shape as a level but for the level-only fields
     * ({@code path}, {@code parent}, {@code keys}), and a {@code label} per language; their columns have role
     * {@code extra}.
     *
     * @param schema the export schema
     * @return the codebook as a JSON tree
     */
    public static ObjectNode json(ExportSchema schema) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("form", schema.formId());
        root.set("title", MAPPER.valueToTree(schema.title()));
        ArrayNode versions = root.putArray("versions");
        schema.versions().forEach(versions::add);
        ArrayNode languages = root.putArray("languages");
        schema.languages().forEach(languages::add);
        root.put("identifying", schema.policy().name().toLowerCase(java.util.Locale.ROOT));
        ArrayNode levels = root.putArray("levels");
        ArrayNode tables = root.putArray("tables");
        for (Columns.DataFile file : Columns.files(schema)) {
            Level level = file.level();
            ObjectNode f = (level == null ? tables : levels).addObject();
            f.put("name", file.name());
            f.put("file", file.fileName());
            if (level == null) {
                f.set("label", MAPPER.valueToTree(file.label()));
            } else {
                f.put("path", level.path());
                if (level.parent() == null) {
                    f.putNull("parent");
                } else {
                    f.put("parent", level.parent());
                }
                ArrayNode keys = f.putArray("keys");
                level.keys().forEach(keys::add);
            }
            ArrayNode columns = f.putArray("columns");
            file.columns().forEach(column -> json(columns.addObject(), column));
        }
        return root;
    }

    private static void json(ObjectNode c, Columns.Column column) {
        c.put("name", column.name());
        c.put("role", column.role().id());
        Variable v = column.variable();
        if (v != null) {
            c.put("kind", v.kind().name().toLowerCase(java.util.Locale.ROOT));
            c.put("path", v.path());
        }
        c.put("type", column.type().id());
        c.set("label", MAPPER.valueToTree(column.label()));
        if (v != null) {
            c.set("question", MAPPER.valueToTree(v.question()));
        }
        ArrayNode codes = c.putArray("codes");
        for (Code code : column.codes()) {
            ObjectNode entry = codes.addObject();
            entry.set("code", MAPPER.valueToTree(code.code()));
            entry.set("label", MAPPER.valueToTree(code.label()));
        }
        if (v != null) {
            if (v.selects() != null) {
                c.set("selects", MAPPER.valueToTree(v.selects()));
            }
            ArrayNode asked = c.putArray("versions");
            v.versions().forEach(asked::add);
            c.put("identifying", v.identifying());
        }
    }

    /**
     * @param schema the export schema
     * @return {@link #json(ExportSchema)} as indented UTF-8 JSON
     */
    public static byte[] jsonBytes(ExportSchema schema) {
        try {
            return MAPPER.writeValueAsBytes(json(schema));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The Markdown codebook: a title, then per level, then per side table, a table of its columns (name, type,
     * label per language, versions, notes) followed by the value labels of its coded columns, one table each (code,
     * label per language). A side table's section starts with its label in each language. A {@code |} in a text is
     * escaped, line breaks become spaces.
     *
     * @param schema the export schema
     * @return the codebook as Markdown text
     */
    public static String markdown(ExportSchema schema) {
        List<String> langs = schema.languages();
        StringBuilder md = new StringBuilder();
        md.append("# Codebook: ").append(cell(Variable.in(schema.title(), langs.get(0), schema.formId())))
                .append("\n\n");
        md.append("Form `").append(schema.formId()).append("`, versions ")
                .append(schema.versions().stream().map(String::valueOf).collect(Collectors.joining(", ")))
                .append(". Languages: ").append(String.join(", ", langs)).append(".\n\n");
        md.append(schema.policy() == IdentifyingPolicy.DROP
                ? "Identifying variables are **not included**; GPS coordinates are rounded to 0.1 degree.\n\n"
                : "**Admin-authorised export: identifying variables are included** (marked *identifying*).\n\n");
        for (Columns.DataFile file : Columns.files(schema)) {
            Level level = file.level();
            if (level == null) {
                md.append("## Table `").append(file.name()).append("`: `").append(file.fileName()).append("`\n\n");
                md.append("A table added at export, beside the levels' files.\n\n");
                if (!file.label().isEmpty()) {
                    langs.forEach(lang -> md.append("- Label (").append(lang).append("): ")
                            .append(cell(Variable.in(file.label(), lang, file.name()))).append('\n'));
                    md.append('\n');
                }
            } else {
                md.append("## Level `").append(level.name()).append("`: `").append(level.fileName())
                        .append("`\n\n");
                md.append(level.isRoot() ? "One row per interview."
                        : "One row per item of `" + level.path() + "`, within `" + level.parent() + "`.");
                md.append(" Keys: ").append(level.keys().stream().map(k -> "`" + k + "`")
                        .collect(Collectors.joining(", "))).append(".\n\n");
            }
            md.append("| Variable | Type |");
            langs.forEach(lang -> md.append(" Label (").append(lang).append(") |"));
            md.append(" Versions | Notes |\n|---|---|");
            langs.forEach(lang -> md.append("---|"));
            md.append("---|---|\n");
            List<Columns.Column> columns = file.columns();
            for (Columns.Column column : columns) {
                Variable v = column.variable();
                md.append("| `").append(column.name()).append("` | ").append(column.type().id()).append(" |");
                langs.forEach(lang -> md.append(' ').append(cell(column.labelIn(lang))).append(" |"));
                md.append(' ').append(v == null ? "all" : v.versions().stream().map(String::valueOf)
                        .collect(Collectors.joining(", "))).append(" | ").append(notes(column, langs)).append(" |\n");
            }
            md.append('\n');
            boolean header = false;
            for (Columns.Column column : columns) {
                if (column.codes().isEmpty()) {
                    continue;
                }
                if (!header) {
                    md.append("### Value labels of `").append(file.name()).append("`\n\n");
                    header = true;
                }
                md.append("#### `").append(column.name()).append("`\n\n| Code |");
                langs.forEach(lang -> md.append(' ').append(lang).append(" |"));
                md.append("\n|---|");
                langs.forEach(lang -> md.append("---|"));
                md.append('\n');
                for (Code code : column.codes()) {
                    md.append("| ").append(cell(String.valueOf(code.code()))).append(" |");
                    langs.forEach(lang -> md.append(' ')
                            .append(cell(Variable.in(code.label(), lang, ""))).append(" |"));
                    md.append('\n');
                }
                md.append('\n');
            }
        }
        return md.toString();
    }

    private static String notes(Columns.Column column, List<String> langs) {
        Variable v = column.variable();
        if (v == null) {
            return column.role() == Columns.Role.EXTRA ? "added at export" : "key";
        }
        StringBuilder notes = new StringBuilder("`").append(cell(v.path())).append('`');
        switch (v.kind()) {
            case SELECTED -> notes.append("; 1 if code ").append(cell(String.valueOf(v.selects())))
                    .append(" was selected, 0 if not");
            case COARSENED -> notes.append("; rounded to 0.1 degree");
            case LIST -> notes.append("; JSON list");
            default -> {
            }
        }
        if (v.identifying()) {
            notes.append("; *identifying*");
        }
        if (!v.question().equals(v.label())) {
            for (String lang : langs) {
                notes.append("; question (").append(lang).append("): ")
                        .append(cell(Variable.in(v.question(), lang, "")));
            }
        }
        return notes.toString();
    }

    private static String cell(String text) {
        return text.replace("\\", "\\\\").replace("|", "\\|").replaceAll("\\R", " ");
    }
}
