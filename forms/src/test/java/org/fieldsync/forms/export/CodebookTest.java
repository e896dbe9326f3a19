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

    private static final ExportSchema WITH_SAMPLE = ExportSchema.of(List.of(ExportFixtures.shipped("household")),
            IdentifyingPolicy.DROP, List.of(), List.of(ExportFixtures.sampleTable()));

    @Test
    void listsSideTablesApartFromLevelsWithLabelsAndCodes() {
        ObjectNode codebook = Codebook.json(WITH_SAMPLE);
        assertEquals(3, codebook.get("levels").size(), "levels are as without tables");
        assertEquals(0, Codebook.json(SCHEMA).get("tables").size());
        JsonNode sample = codebook.get("tables").get(0);
        assertEquals(1, codebook.get("tables").size());
        assertEquals("sample", sample.get("name").asText());
        assertEquals("sample.csv", sample.get("file").asText());
        assertEquals("Ménages échantillonnés", sample.get("label").get("fr").asText());
        assertFalse(sample.has("path") || sample.has("parent") || sample.has("keys"), sample.toString());
        assertEquals(WITH_SAMPLE.columns(ExportFixtures.sampleTable()).size(), sample.get("columns").size());
        JsonNode disposition = sample.get("columns").get(4);
        assertEquals("disposition", disposition.get("name").asText());
        assertEquals("extra", disposition.get("role").asText());
        assertEquals("integer", disposition.get("type").asText());
        assertEquals("Résultat final", disposition.get("label").get("fr").asText());
        assertEquals(2, disposition.get("codes").get(1).get("code").asInt());
        assertEquals("Refused", disposition.get("codes").get(1).get("label").get("en").asText());
        assertEquals("Refusé", disposition.get("codes").get(1).get("label").get("fr").asText());
        assertEquals("date", sample.get("columns").get(5).get("type").asText());
    }

    @Test
    void markdownHasASectionPerSideTableAfterTheLevels() {
        String md = Codebook.markdown(WITH_SAMPLE);
        int table = md.indexOf("## Table `sample`: `sample.csv`\n\n");
        assertTrue(table > md.indexOf("## Level `person`"), "after the levels");
        assertTrue(md.startsWith("- Label (en): Sampled households\n- Label (fr): Ménages échantillonnés\n",
                md.indexOf("- Label", table)));
        assertTrue(md.contains("| `disposition` | integer | Final disposition | Résultat final | all | "
                + "added at export |\n"));
        assertTrue(md.contains("| `visit_date` | date | Date of last visit |"));
        assertTrue(md.contains("### Value labels of `sample`\n\n#### `stratum`\n"), "the table's own");
        assertTrue(md.contains("#### `disposition`\n\n| Code | en | fr |\n|---|---|---|\n| 1 | Completed | Complet |\n"
                + "| 2 | Refused | Refusé |\n| 3 | Not found | Non trouvé |\n"));
    }
}
