package org.fieldsync.forms.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fieldsync.forms.Code;
import org.fieldsync.forms.Questionnaire;
import org.fieldsync.forms.ShippedQuestionnaires;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Shared fixtures of the export tests: the shipped questionnaires and examples, and flattening into memory. */
final class ExportFixtures {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ExportFixtures() {
    }

    static Questionnaire shipped(String form) {
        return Questionnaire.parse(ShippedQuestionnaires.read(form));
    }

    static JsonNode example(String form, String file) {
        return json(ShippedQuestionnaires.example(form, file));
    }

    /** The valid example interviews of a shipped form, by file name. */
    static Map<String, JsonNode> validExamples(String form) {
        Map<String, JsonNode> examples = new LinkedHashMap<>();
        for (String file : ShippedQuestionnaires.examples(form)) {
            if (file.startsWith("valid-")) {
                examples.put(file, example(form, file));
            }
        }
        return examples;
    }

    static JsonNode json(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode document(String form) {
        return (ObjectNode) json(ShippedQuestionnaires.read(form));
    }

    /**
     * Version 2 of the shipped household questionnaire: version 1 with one root question added at the end,
     * {@code water_source} (coded 1, 2, 96, labels in en and fr with double quotes and an apostrophe).
     */
    static Questionnaire householdVersion2() {
        ObjectNode doc = document("household");
        ((ObjectNode) doc.get("x-form")).put("version", 2);
        doc.put("$id", doc.path("$id").asText("https://fieldsync.org/questionnaires/household/1")
                .replaceAll("/1$", "/2"));
        ObjectNode question = MAPPER.createObjectNode();
        question.put("type", "integer");
        question.putArray("enum").add(1).add(2).add(96);
        question.put("x-section", doc.get("properties").get("has_emigrant").get("x-section").asText());
        question.set("x-label", labels("Main source of \"drinking\" water", "Source principale d'eau \"potable\""));
        ArrayNode codes = question.putArray("x-codes");
        codes.addObject().put("code", 1).set("label", labels("Piped water", "Eau du robinet"));
        codes.addObject().put("code", 2).set("label", labels("Well, \"protected\"", "Puits \"protégé\""));
        codes.addObject().put("code", 96).set("label", labels("Other", "Autre"));
        ((ObjectNode) doc.get("properties")).set("water_source", question);
        try {
            return Questionnaire.parse(MAPPER.writeValueAsBytes(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A side table {@code sample}, one row per sampled household: {@code hh_id} (string), {@code stratum} (coded
     * 1, 2), {@code psu} (string), {@code weight} (number), {@code disposition} (coded 1, 2, 3, French labels with
     * accents), {@code visit_date} (date), {@code responded} (boolean).
     */
    static Table sampleTable() {
        return new Table("sample", Map.of("en", "Sampled households", "fr", "Ménages échantillonnés"), List.of(
                new ExtraColumn("hh_id", VariableType.STRING, Map.of("en", "Household id", "fr", "Id. du ménage")),
                new ExtraColumn("stratum", VariableType.INTEGER, Map.of("en", "Stratum", "fr", "Strate"), List.of(
                        new Code(1, Map.of("en", "Urban", "fr", "Urbain")),
                        new Code(2, Map.of("en", "Rural", "fr", "Rural")))),
                new ExtraColumn("psu", VariableType.STRING, Map.of("en", "PSU", "fr", "UPE")),
                new ExtraColumn("weight", VariableType.NUMBER, Map.of("en", "Design weight", "fr", "Poids")),
                new ExtraColumn("disposition", VariableType.INTEGER, Map.of("en", "Final disposition",
                        "fr", "Résultat final"), List.of(
                        new Code(1, Map.of("en", "Completed", "fr", "Complet")),
                        new Code(2, Map.of("en", "Refused", "fr", "Refusé")),
                        new Code(3, Map.of("en", "Not found", "fr", "Non trouvé")))),
                new ExtraColumn("visit_date", VariableType.DATE, Map.of("en", "Date of last visit",
                        "fr", "Date de la dernière visite")),
                new ExtraColumn("responded", VariableType.BOOLEAN, Map.of("en", "Responded", "fr", "A répondu"))));
    }

    static ObjectNode labels(String en, String fr) {
        ObjectNode label = MAPPER.createObjectNode();
        label.put("en", en);
        label.put("fr", fr);
        return label;
    }

    /** The CSV text written per level. */
    static Map<String, String> flatten(ExportSchema schema, Consumer<Flattener> interviews) {
        Map<String, StringWriter> files = new LinkedHashMap<>();
        try (Flattener flattener = new Flattener(schema, level -> files.computeIfAbsent(level,
                l -> new StringWriter()))) {
            interviews.accept(flattener);
        }
        Map<String, String> text = new LinkedHashMap<>();
        files.forEach((level, writer) -> text.put(level, writer.toString()));
        return text;
    }

    /**
     * A small RFC 4180 reader for the tests: records of fields, quoted fields may hold commas, quotes and line
     * breaks. The first record is the header.
     */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }

    /** The rows of a CSV text as maps from column to cell, header excluded. */
    static List<Map<String, String>> rows(String csv) {
        List<List<String>> records = parseCsv(csv);
        List<String> header = records.get(0);
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<String> record : records.subList(1, records.size())) {
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < record.size() ? record.get(i) : null);
            }
            rows.add(row);
        }
        return rows;
    }
}
