package org.fieldsync.forms.export;

import org.fieldsync.forms.Code;
import org.fieldsync.forms.Questionnaire;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportSchemaTest {
    private static final Questionnaire HOUSEHOLD = ExportFixtures.shipped("household");

    private static Map<String, Variable> variables(ExportSchema schema, String level) {
        Map<String, Variable> byName = new java.util.LinkedHashMap<>();
        schema.level(level).orElseThrow().variables().forEach(v -> byName.put(v.name(), v));
        return byName;
    }

    @Test
    void namesLevelsAfterTheUnitAndXLevel() {
        ExportSchema schema = ExportSchema.of(List.of(HOUSEHOLD));
        assertEquals(List.of("household", "visit", "person"), schema.levels().stream().map(Level::name).toList());
        assertEquals(List.of("interview_id", "revision"), schema.root().keys());
        Level person = schema.level("person").orElseThrow();
        assertEquals("/roster", person.path());
        assertEquals("household", person.parent());
        assertEquals(List.of("interview_id", "person_no"), person.keys());
        assertEquals("transit", ExportSchema.of(List.of(ExportFixtures.shipped("transit"))).root().name(),
                "an individual interview's root level is named after its form");
    }

    @Test
    void keysAndFixedColumnsComeFirstInTheRootHeader() {
        ExportSchema schema = ExportSchema.of(List.of(HOUSEHOLD), IdentifyingPolicy.DROP,
                List.of(new ExtraColumn("stratum", VariableType.INTEGER, Map.of("en", "Stratum"))));
        List<String> columns = schema.columns(schema.root());
        assertEquals(List.of("interview_id", "revision", "form_version", "stratum", "ea_code", "hh_no"),
                columns.subList(0, 6));
    }

    @Test
    void recordsTypeLabelsCodesAndVersionsOfEachVariable() {
        Variable sex = variables(ExportSchema.of(List.of(HOUSEHOLD)), "person").get("sex");
        assertEquals("/roster/*/sex", sex.path());
        assertEquals(VariableType.INTEGER, sex.type());
        assertEquals("Is [NAME] male or female?", sex.label().get("en"));
        assertEquals("[NOM] est-il de sexe masculin ou féminin ?", sex.label().get("fr"));
        assertEquals(List.of(1, 2), sex.codes().stream().map(Code::code).toList());
        assertEquals(List.of(1), sex.versions());
        assertEquals(VariableType.DATE, variables(ExportSchema.of(List.of(HOUSEHOLD)), "visit").get("date").type());
    }

    @Test
    void aVariableNamedLikeAKeyIsDisambiguated() {
        Map<String, Variable> visit = variables(ExportSchema.of(List.of(HOUSEHOLD)), "visit");
        assertEquals("/visits/*/visit_no", visit.get("visit_no_2").path());
        assertFalse(visit.containsKey("visit_no"));
    }

    @Test
    void multiSelectBecomesOneDummyPerCode() {
        ExportSchema schema = ExportSchema.of(List.of(ExportFixtures.shipped("migration")));
        Map<String, Variable> household = variables(schema, "household");
        Variable food = household.get("remit_uses_1");
        assertEquals(Variable.Kind.SELECTED, food.kind());
        assertEquals(1, food.selects());
        assertTrue(food.label().get("en").startsWith(food.question().get("en") + ": "));
        assertTrue(household.containsKey("remit_uses_96"));
        assertFalse(household.containsKey("remit_uses"), "no column for the array itself");
        assertTrue(variables(schema, "return_migrant").containsKey("countries_fra"), "string codes, lowercased");
    }

    @Test
    void namesAreStataSafeAndUniqueInEveryShippedForm() {
        for (String form : List.of("household", "listing", "migration", "transit", "children")) {
            for (IdentifyingPolicy policy : IdentifyingPolicy.values()) {
                ExportSchema schema = ExportSchema.of(List.of(ExportFixtures.shipped(form)), policy, List.of());
                for (Level level : schema.levels()) {
                    List<String> columns = schema.columns(level);
                    assertEquals(columns.size(), new HashSet<>(columns).size(), form + " " + level.name());
                    for (String name : columns) {
                        assertTrue(name.matches("[a-z][a-z0-9_]{0,31}"), name);
                        assertFalse(Names.isReserved(name), name);
                    }
                }
            }
        }
    }

    @Test
    void derivesNamesWithinTheLimits() {
        Set<String> taken = new HashSet<>(Set.of("age"));
        assertEquals("age_2", Names.unique("age", null, taken));
        assertEquals("in_", Names.unique("in", null, Set.of()));
        assertEquals("v_2nd_visit", Names.unique(Names.clean("2nd visit"), null, Set.of()));
        assertEquals("deja_vu", Names.clean("Déjà vu!"));
        assertEquals("m1", Names.codeSuffix(-1));
        String longName = Names.unique("a_very_long_question_name_that_goes_on_and_on", "96", Set.of());
        assertEquals(32, longName.length());
        assertTrue(longName.endsWith("_96"), longName);
    }

    @Test
    void dropsIdentifyingVariablesByDefaultAndCoarsensGps() {
        Map<String, Variable> root = variables(ExportSchema.of(List.of(HOUSEHOLD)), "household");
        assertFalse(root.containsKey("gps_lat"));
        assertFalse(root.containsKey("gps_accuracy_m"), "inside the identifying gps object");
        Variable lat = root.get("gps_lat_01");
        assertEquals(Variable.Kind.COARSENED, lat.kind());
        assertFalse(lat.identifying());
        assertTrue(lat.label().get("en").endsWith("(rounded to 0.1 degree)"), lat.label().toString());
        assertTrue(root.containsKey("gps_lon_01"));
        assertFalse(variables(ExportSchema.of(List.of(HOUSEHOLD)), "person").containsKey("name"));
    }

    @Test
    void keepsIdentifyingVariablesWhenAuthorised() {
        ExportSchema schema = ExportSchema.of(List.of(HOUSEHOLD), IdentifyingPolicy.KEEP, List.of());
        Map<String, Variable> root = variables(schema, "household");
        assertTrue(root.get("gps_lat").identifying());
        assertTrue(root.containsKey("gps_accuracy_m"));
        assertFalse(root.containsKey("gps_lat_01"));
        assertTrue(variables(schema, "person").get("name").identifying());
    }

    @Test
    void unitesVersionsKeepingTheFirstVersionsOrder() {
        ExportSchema schema = ExportSchema.of(List.of(ExportFixtures.householdVersion2(), HOUSEHOLD));
        assertEquals(List.of(1, 2), schema.versions());
        List<Variable> root = schema.root().variables();
        Variable water = root.get(root.size() - 1);
        assertEquals("water_source", water.name(), "a variable added later comes last");
        assertEquals(List.of(2), water.versions());
        assertEquals(List.of(1, 2), variables(schema, "household").get("hh_no").versions());
    }

    @Test
    void refusesMixedFormsAndRepeatedVersions() {
        assertThrows(IllegalArgumentException.class,
                () -> ExportSchema.of(List.of(HOUSEHOLD, ExportFixtures.shipped("children"))));
        assertThrows(IllegalArgumentException.class, () -> ExportSchema.of(List.of(HOUSEHOLD, HOUSEHOLD)));
        assertThrows(IllegalArgumentException.class, () -> ExportSchema.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> ExportSchema.of(List.of(HOUSEHOLD),
                IdentifyingPolicy.DROP, List.of(new ExtraColumn("revision", VariableType.INTEGER, Map.of()))));
        assertThrows(IllegalArgumentException.class, () -> new ExtraColumn("Weight", VariableType.NUMBER, Map.of()));
    }

    private static ExportSchema withTables(Table... tables) {
        return ExportSchema.of(List.of(HOUSEHOLD), IdentifyingPolicy.DROP, List.of(), List.of(tables));
    }

    private static ExtraColumn column(String name) {
        return new ExtraColumn(name, VariableType.INTEGER, Map.of());
    }

    @Test
    void listsSideTablesInOrderWithTheirHeaders() {
        Table sample = ExportFixtures.sampleTable();
        Table visits = new Table("visits_planned", null, List.of(column("hh_no"), column("planned")));
        ExportSchema schema = withTables(sample, visits);
        assertEquals(List.of(sample, visits), schema.tables());
        assertThrows(UnsupportedOperationException.class, () -> schema.tables().clear());
        assertEquals(List.of("hh_id", "stratum", "psu", "weight", "disposition", "visit_date", "responded"),
                schema.columns(sample));
        assertEquals("sample.csv", sample.fileName());
        assertEquals(Map.of(), visits.label(), "no label is an empty one");
        assertEquals(sample, schema.table("sample").orElseThrow());
        assertTrue(schema.table("household").isEmpty(), "a level is not a table");
        assertEquals(List.of("household", "visit", "person"), schema.levels().stream().map(Level::name).toList(),
                "the levels are those without tables");
        assertTrue(ExportSchema.of(List.of(HOUSEHOLD)).tables().isEmpty());
        assertTrue(ExportSchema.of(List.of(HOUSEHOLD), IdentifyingPolicy.DROP, List.of()).tables().isEmpty());
    }

    @Test
    void refusesATableNamedLikeALevelOrAnotherTable() {
        Table person = new Table("person", Map.of(), List.of(column("weight")));
        IllegalArgumentException level = assertThrows(IllegalArgumentException.class, () -> withTables(person));
        assertTrue(level.getMessage().contains("'person'") && level.getMessage().contains("level"),
                level.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> withTables(new Table("household", Map.of(), List.of(column("weight")))), "the root level");
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> withTables(ExportFixtures.sampleTable(), ExportFixtures.sampleTable()));
        assertTrue(twice.getMessage().contains("'sample'") && twice.getMessage().contains("twice"),
                twice.getMessage());
    }

    @Test
    void refusesAnInvalidTable() {
        for (String name : List.of("Sample", "1sample", "sample-2", "", "if", "a".repeat(33))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Table(name, Map.of(), List.of(column("weight"))), name);
            assertTrue(e.getMessage().contains("invalid table name"), e.getMessage());
        }
        new Table("a".repeat(32), Map.of(), List.of(column("weight")));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> new Table("sample", Map.of(), List.of()));
        assertTrue(empty.getMessage().contains("no column"), empty.getMessage());
        IllegalArgumentException repeated = assertThrows(IllegalArgumentException.class,
                () -> new Table("sample", Map.of(), List.of(column("weight"), column("weight"))));
        assertTrue(repeated.getMessage().contains("'weight'"), repeated.getMessage());
        assertThrows(NullPointerException.class, () -> new Table("sample", Map.of(), null));
    }
}
