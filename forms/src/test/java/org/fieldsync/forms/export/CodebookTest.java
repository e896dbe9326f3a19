package org.fieldsync.forms.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CodebookTest {
    private static final ExportSchema SCHEMA = ExportSchema.of(
            List.of(ExportFixtures.shipped("household"), ExportFixtures.householdVersion2()),
            IdentifyingPolicy.DROP,
            List.of(new ExtraColumn("stratum", VariableType.INTEGER, Map.of("en", "Stratum", "fr", "Strate"))));

    private static JsonNode column(ObjectNode codebook, String level, String name) {
        for (JsonNode l : codebook.get("levels")) {
            if (l.get("name").asText().equals(level)) {
                for (JsonNode c : l.get("columns")) {
                    if (c.get("name").asText().equals(name)) {
                        return c;
                    }
                }
            }
        }
        return null;
    }

    @Test
    void describesACodedQuestionInEveryLanguage() {
        ObjectNode codebook = Codebook.json(SCHEMA);
        JsonNode sex = column(codebook, "person", "sex");
        assertEquals("variable", sex.get("role").asText());
        assertEquals("integer", sex.get("type").asText());
        assertEquals("/roster/*/sex", sex.get("path").asText());
        assertEquals("Is [NAME] male or female?", sex.get("question").get("en").asText());
        assertEquals("[NOM] est-il de sexe masculin ou féminin ?", sex.get("question").get("fr").asText());
        assertEquals(1, sex.get("codes").get(0).get("code").asInt());
        assertEquals("Male", sex.get("codes").get(0).get("label").get("en").asText());
        assertEquals("Masculin", sex.get("codes").get(0).get("label").get("fr").asText());
        assertEquals("Féminin", sex.get("codes").get(1).get("label").get("fr").asText());
        assertEquals("[1,2]", sex.get("versions").toString());
        assertFalse(sex.get("identifying").asBoolean());
        assertEquals("[2]", column(codebook, "household", "water_source").get("versions").toString());
    }

    @Test
    void listsKeysExtraColumnsAndLevels() {
        ObjectNode codebook = Codebook.json(SCHEMA);
        assertEquals("household", codebook.get("form").asText());
        assertEquals("drop", codebook.get("identifying").asText());
        assertEquals("key", column(codebook, "person", "person_no").get("role").asText());
        JsonNode stratum = column(codebook, "household", "stratum");
        assertEquals("extra", stratum.get("role").asText());
        assertEquals("Strate", stratum.get("label").get("fr").asText());
        JsonNode person = codebook.get("levels").get(2);
        assertEquals("person.csv", person.get("file").asText());
        assertEquals("household", person.get("parent").asText());
        assertEquals(SCHEMA.columns(SCHEMA.level("person").orElseThrow()).size(), person.get("columns").size());
    }

    @Test
    void leavesOutIdentifyingVariablesUnlessAuthorised() {
        String dropped = Codebook.json(SCHEMA).toString();
        assertFalse(dropped.contains("\"gps_lat\""));
        assertFalse(dropped.contains("/roster/*/name"));
        assertTrue(dropped.contains("\"gps_lat_01\""));
        ObjectNode kept = Codebook.json(ExportSchema.of(List.of(ExportFixtures.shipped("household")),
                IdentifyingPolicy.KEEP, List.of()));
        assertTrue(column(kept, "person", "name").get("identifying").asBoolean());
    }

    @Test
    void markdownHasATablePerLevelAndValueLabelsInEachLanguage() {
        String md = Codebook.markdown(SCHEMA);
        assertTrue(md.startsWith("# Codebook: Household"), md.substring(0, 40));
        assertTrue(md.contains("## Level `person`: `person.csv`"));
        assertTrue(md.contains("| Variable | Type | Label (en) | Label (fr) | Versions | Notes |"));
        assertTrue(md.contains("| `sex` | integer | Is [NAME] male or female? | "
                + "[NOM] est-il de sexe masculin ou féminin ? | 1, 2 |"));
        assertTrue(md.contains("#### `sex`\n\n| Code | en | fr |\n|---|---|---|\n| 1 | Male | Masculin |\n"
                + "| 2 | Female | Féminin |\n"));
        assertTrue(md.contains("| `water_source` | integer | Main source of \"drinking\" water |"));
        assertFalse(md.contains("`name`"));
    }
}
