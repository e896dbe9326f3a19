package org.fieldsync.forms.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fieldsync.forms.Questionnaire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlattenerTest {
    private static final Questionnaire HOUSEHOLD = ExportFixtures.shipped("household");

    private static Map<String, List<Map<String, String>>> flattenExamples(ExportSchema schema, String form) {
        Map<String, JsonNode> examples = ExportFixtures.validExamples(form);
        Map<String, String> files = ExportFixtures.flatten(schema, f -> examples.forEach((file, answers) ->
                f.writeInterview(file, 1, 1, answers, null)));
        Map<String, List<Map<String, String>>> rows = new LinkedHashMap<>();
        files.forEach((level, csv) -> rows.put(level, ExportFixtures.rows(csv)));
        return rows;
    }

    /** The number of items at a level's array path in the answers, * matching every array element on the way. */
    private static int count(JsonNode node, List<String> tokens) {
        if (node == null) {
            return 0;
        }
        if (tokens.isEmpty()) {
            return node.isArray() ? node.size() : 0;
        }
        String head = tokens.get(0);
        List<String> rest = tokens.subList(1, tokens.size());
        if (head.equals("*")) {
            int n = 0;
            if (node.isArray()) {
                for (JsonNode item : node) {
                    n += count(item, rest);
                }
            }
            return n;
        }
        return count(node.get(head), rest);
    }

    @ParameterizedTest
    @ValueSource(strings = {"household", "listing", "migration", "transit", "children"})
    void writesOneRowPerInterviewAndPerItemOfEveryLevel(String form) {
        ExportSchema schema = ExportSchema.of(List.of(ExportFixtures.shipped(form)));
        Map<String, JsonNode> examples = ExportFixtures.validExamples(form);
        Map<String, List<Map<String, String>>> rows = flattenExamples(schema, form);
        assertEquals(schema.levels().size(), rows.size());
        assertEquals(examples.size(), rows.get(schema.root().name()).size());
        for (Level level : schema.levels()) {
            if (level.isRoot()) {
                continue;
            }
            int expected = examples.values().stream()
                    .mapToInt(a -> count(a, ExportSchema.tokens(level.path()))).sum();
            assertEquals(expected, rows.get(level.name()).size(), form + " " + level.name());
        }
    }

    /**
     * Parts flattened apart without headers (as the server does on several threads) and appended to one header give
     * the same files as one flattener writing everything.
     */
    @Test
    void partsWithoutHeadersAppendToTheSameFiles() {
        ExportSchema schema = ExportSchema.of(List.of(HOUSEHOLD));
        List<JsonNode> examples = List.copyOf(ExportFixtures.validExamples("household").values());
        Map<String, String> whole = ExportFixtures.flatten(schema, f -> {
            for (int i = 0; i < examples.size(); i++) {
                f.writeInterview("i" + i, 1, 1, examples.get(i), null);
            }
        });
        Map<String, StringBuilder> joined = new LinkedHashMap<>();
        for (Level level : schema.levels()) {
            java.io.StringWriter header = new java.io.StringWriter();
            CsvWriter csv = new CsvWriter(header);
            csv.writeRow(schema.columns(level));
            csv.flush();
            joined.put(level.name(), new StringBuilder(header.toString()));
        }
        for (int i = 0; i < examples.size(); i++) {
            Map<String, java.io.StringWriter> part = new LinkedHashMap<>();
            try (Flattener f = new Flattener(schema, l -> part.computeIfAbsent(l, k -> new java.io.StringWriter()),
                    false)) {
                f.writeInterview("i" + i, 1, 1, examples.get(i), null);
            }
            part.forEach((level, text) -> joined.get(level).append(text));
        }
        for (Level level : schema.levels()) {
            assertEquals(whole.get(level.name()), joined.get(level.name()).toString(), level.name());
        }
    }

    @Test
    void writesLevelsOnlyNotTheSideTables() {
        ExportSchema schema = ExportSchema.of(List.of(HOUSEHOLD), IdentifyingPolicy.DROP, List.of(),
                List.of(ExportFixtures.sampleTable()));
        assertEquals(List.of("household", "visit", "person"), List.copyOf(flattenExamples(schema, "household")
                .keySet()));
    }

    @Test
    void personRowsAreTheRosterInOrder() {
        JsonNode answers = ExportFixtures.example("household", "valid-1.json");
        List<Map<String, String>> persons = flattenExamples(ExportSchema.of(List.of(HOUSEHOLD)), "household")
                .get("person").stream().filter(r -> r.get("interview_id").equals("valid-1.json")).toList();
        assertEquals(answers.get("roster").size(), persons.size());
        for (int i = 0; i < persons.size(); i++) {
            JsonNode member = answers.get("roster").get(i);
            assertEquals(Integer.toString(i + 1), persons.get(i).get("person_no"));
            assertEquals(member.get("age").asText(), persons.get(i).get("age"));
            assertEquals(member.has("marital_status") ? member.get("marital_status").asText() : "",
                    persons.get(i).get("marital_status"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"household", "migration", "transit", "children"})
    void everyRowJoinsItsParentOnTheKeys(String form) {
        ExportSchema schema = ExportSchema.of(List.of(ExportFixtures.shipped(form)));
        Map<String, List<Map<String, String>>> rows = flattenExamples(schema, form);
        for (Level level : schema.levels()) {
            Set<List<String>> own = new HashSet<>();
            for (Map<String, String> row : rows.get(level.name())) {
                assertTrue(own.add(level.keys().stream().map(row::get).toList()), "keys unique in " + level.name());
            }
            if (level.isRoot()) {
                continue;
            }
            Level parent = schema.level(level.parent()).orElseThrow();
            List<String> parentKeys = parent.keys().stream().filter(k -> !k.equals(ExportSchema.REVISION)).toList();
            Set<List<String>> parents = new HashSet<>();
            rows.get(parent.name()).forEach(r -> parents.add(parentKeys.stream().map(r::get).toList()));
            assertFalse(rows.get(level.name()).isEmpty(), form + " " + level.name() + " has rows to join");
            for (Map<String, String> row : rows.get(level.name())) {
                assertTrue(parents.contains(parentKeys.stream().map(row::get).toList()),
                        level.name() + " row without parent: " + row);
            }
        }
    }

    @Test
    void nestedLevelsCarryEveryAncestorsIndex() {
        ObjectNode doc = ExportFixtures.document("household");
        ObjectNode member = (ObjectNode) doc.get("properties").get("roster").get("items").get("properties");
        ObjectNode trips = member.putObject("trips");
        trips.put("type", "array");
        trips.put("x-level", "trip");
        trips.set("x-label", ExportFixtures.labels("Trips", "Voyages"));
        ObjectNode tripProps = trips.putObject("items").put("type", "object").putObject("properties");
        tripProps.putObject("country").put("type", "string")
                .set("x-label", ExportFixtures.labels("Country", "Pays"));
        Questionnaire q = Questionnaire.parse(ExportFixtures.json(doc.toString().getBytes()).toString().getBytes());
        ExportSchema schema = ExportSchema.of(List.of(q));
        Level trip = schema.level("trip").orElseThrow();
        assertEquals("person", trip.parent());
        assertEquals(List.of("interview_id", "person_no", "trip_no"), trip.keys());

        ObjectNode answers = (ObjectNode) ExportFixtures.example("household", "valid-1.json");
        ((ObjectNode) answers.get("roster").get(2)).putArray("trips").addObject().put("country", "ITA");
        ((ObjectNode) answers.get("roster").get(2)).withArray("trips").addObject().put("country", "FRA");
        Map<String, String> files = ExportFixtures.flatten(schema, f -> f.writeInterview("i1", 1, 1, answers, null));
        assertEquals("interview_id,person_no,trip_no,country\r\ni1,3,1,ITA\r\ni1,3,2,FRA\r\n", files.get("trip"));
    }

    @Test
    void olderInterviewsHaveEmptyCellsForQuestionsAddedLater() {
        ExportSchema schema = ExportSchema.of(List.of(HOUSEHOLD, ExportFixtures.householdVersion2()));
        ObjectNode v1 = (ObjectNode) ExportFixtures.example("household", "valid-1.json");
        ObjectNode v2 = v1.deepCopy().put("water_source", 2);
        ObjectNode v1WithStrayAnswer = v1.deepCopy().put("water_source", 1);
        List<Map<String, String>> rows = ExportFixtures.rows(ExportFixtures.flatten(schema, f -> {
            f.writeInterview("old", 1, 1, v1, null);
            f.writeInterview("new", 1, 2, v2, null);
            f.writeInterview("stray", 1, 1, v1WithStrayAnswer, null);
        }).get("household"));
        assertEquals("", rows.get(0).get("water_source"));
        assertEquals("1", rows.get(0).get("form_version"));
        assertEquals("2", rows.get(1).get("water_source"));
        assertEquals("2", rows.get(1).get("form_version"));
        assertEquals("", rows.get(2).get("water_source"), "version 1 did not ask it");
        assertEquals(rows.get(0).get("hh_no"), rows.get(1).get("hh_no"));
    }

    @Test
    void dropsIdentifyingAnswersAndCoarsensGps() {
        Map<String, List<Map<String, String>>> rows = flattenExamples(ExportSchema.of(List.of(HOUSEHOLD)),
                "household");
        Map<String, String> first = rows.get("household").get(0);
        assertEquals("34.0", first.get("gps_lat_01"), "34.0209 rounded");
        assertEquals("-6.8", first.get("gps_lon_01"), "-6.8416 rounded");
        assertFalse(first.containsKey("gps_lat"));
        assertFalse(rows.get("person").get(0).containsKey("name"));
        String all = ExportFixtures.flatten(ExportSchema.of(List.of(HOUSEHOLD)), f -> f.writeInterview("i", 1, 1,
                ExportFixtures.example("household", "valid-1.json"), null)).toString();
        assertFalse(all.contains("Benali"), "no name anywhere");
        assertFalse(all.contains("34.0209"), "no exact coordinate anywhere");
    }

    @Test
    void keepsIdentifyingAnswersWhenAuthorised() {
        ExportSchema schema = ExportSchema.of(List.of(HOUSEHOLD), IdentifyingPolicy.KEEP, List.of());
        Map<String, List<Map<String, String>>> rows = flattenExamples(schema, "household");
        assertEquals("34.0209", rows.get("household").get(0).get("gps_lat"));
        assertEquals("4.5", rows.get("household").get(0).get("gps_accuracy_m"));
        assertEquals("Ahmed Benali", rows.get("person").get(0).get("name"));
    }

    @Test
    void writesMultiSelectAsZeroOneAndEmptyWhenNotAsked() {
        ExportSchema schema = ExportSchema.of(List.of(ExportFixtures.shipped("migration")));
        List<Map<String, String>> rows = flattenExamples(schema, "migration").get("household");
        JsonNode uses = ExportFixtures.example("migration", "valid-1.json").get("remit_uses");
        for (Variable v : schema.root().variables()) {
            if (v.kind() == Variable.Kind.SELECTED && v.path().equals("/remit_uses")) {
                boolean selected = false;
                for (JsonNode code : uses) {
                    selected |= code.asInt() == (Integer) v.selects();
                }
                assertEquals(selected ? "1" : "0", rows.get(0).get(v.name()), v.name());
                assertEquals("", rows.get(1).get(v.name()), "valid-2 has no remittances: " + v.name());
            }
        }
    }

    @Test
    void writesExtraRootColumnsAndStableNumbers() {
        ExportSchema schema = ExportSchema.of(List.of(HOUSEHOLD), IdentifyingPolicy.KEEP, List.of(
                new ExtraColumn("stratum", VariableType.INTEGER, Map.of("en", "Stratum")),
                new ExtraColumn("weight", VariableType.NUMBER, Map.of("en", "Weight")),
                new ExtraColumn("note", VariableType.STRING, Map.of("en", "Note"))));
        ObjectNode answers = (ObjectNode) ExportFixtures.example("household", "valid-1.json");
        ((ObjectNode) answers.get("gps")).put("lat", 1e-7).put("lon", 120.0);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("stratum", 3);
        extra.put("weight", 0.1 + 0.2);
        extra.put("note", "Fès, \"Maroc\"\nligne 2");
        Map<String, String> row = ExportFixtures.rows(ExportFixtures.flatten(schema,
                f -> f.writeInterview("i1", 4, 1, answers, extra)).get("household")).get(0);
        assertEquals("4", row.get("revision"));
        assertEquals("3", row.get("stratum"));
        assertEquals("0.30000000000000004", row.get("weight"));
        assertEquals("Fès, \"Maroc\"\nligne 2", row.get("note"));
        assertEquals("0.0000001", row.get("gps_lat"), "no exponent");
        assertEquals("120", row.get("gps_lon"), "no trailing zeros");
    }

    /**
     * Rows flattened before the extra values are known (null: one comma per extra column), flushed interview by
     * interview, with {@link Flattener#extraCells} put in afterwards, are the rows written with the values.
     */
    @Test
    void extraCellsPutInAfterwardsGiveTheSameRows() {
        ExportSchema schema = ExportSchema.of(List.of(HOUSEHOLD), IdentifyingPolicy.DROP, List.of(
                new ExtraColumn("stratum", VariableType.STRING, Map.of("en", "Stratum")),
                new ExtraColumn("weight", VariableType.NUMBER, Map.of("en", "Weight")),
                new ExtraColumn("certainty", VariableType.INTEGER, Map.of("en", "Certainty"))));
        List<JsonNode> examples = List.copyOf(ExportFixtures.validExamples("household").values());
        List<Map<String, Object>> extras = new java.util.ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            Map<String, Object> extra = new java.util.HashMap<>();
            extra.put("stratum", i % 2 == 0 ? "Fès, \"nord\"" : null);
            extra.put("weight", i * 0.1);
            extra.put("certainty", (byte) (i % 2));
            extras.add(extra);
        }
        String whole = ExportFixtures.flatten(schema, f -> {
            for (int i = 0; i < examples.size(); i++) {
                f.writeInterview("i," + i, i + 1, 1, examples.get(i), extras.get(i));
            }
        }).get("household");
        StringBuilder spliced = new StringBuilder();
        Map<String, java.io.StringWriter> files = new LinkedHashMap<>();
        try (Flattener f = new Flattener(schema, l -> files.computeIfAbsent(l, k -> new java.io.StringWriter()))) {
            f.flush();
            spliced.append(files.get("household").toString());
            for (int i = 0; i < examples.size(); i++) {
                files.get("household").getBuffer().setLength(0);
                f.writeInterview("i," + i, i + 1, 1, examples.get(i), null);
                f.flush();
                String row = files.get("household").toString();
                String keys = CsvWriter.field("i," + i) + "," + (i + 1) + ",1";
                String empty = Flattener.extraCells(schema, null);
                assertEquals(",,,", empty);
                assertTrue(row.startsWith(keys + empty), row);
                spliced.append(keys).append(Flattener.extraCells(schema, extras.get(i)))
                        .append(row, keys.length() + empty.length(), row.length());
            }
        }
        assertEquals(whole, spliced.toString());
        assertThrows(IllegalArgumentException.class, () -> Flattener.extraCells(schema, Map.of("psu", "x")));
    }

    @Test
    void refusesAnUnknownVersionOrExtraColumn() {
        ExportSchema schema = ExportSchema.of(List.of(HOUSEHOLD));
        JsonNode answers = ExportFixtures.example("household", "valid-1.json");
        assertThrows(IllegalArgumentException.class, () -> ExportFixtures.flatten(schema,
                f -> f.writeInterview("i1", 1, 2, answers, null)));
        assertThrows(IllegalArgumentException.class, () -> ExportFixtures.flatten(schema,
                f -> f.writeInterview("i1", 1, 1, answers, Map.of("stratum", 1))));
    }

    @Test
    void writesEveryHeaderEvenWithoutInterviews() {
        ExportSchema schema = ExportSchema.of(List.of(HOUSEHOLD));
        Map<String, String> files = ExportFixtures.flatten(schema, f -> { });
        assertEquals("interview_id,person_no,line_no,sex,age,relationship,attending_school,education,"
                + "marital_status,activity\r\n", files.get("person"));
    }
}
