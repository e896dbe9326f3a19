package org.fieldsync.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuestionnaireLinterTest {

    @ParameterizedTest
    @ValueSource(strings = {"minimal.json", "household.json"})
    void validQuestionnaireLintsClean(String fixture) {
        assertEquals(List.of(), QuestionnaireLinter.lint(Fixtures.bytes(fixture)));
    }

    /** One fixture per code; each row names a pointer the problem must be reported at. */
    @ParameterizedTest(name = "{0} reports {1} at {2}")
    @CsvSource({
            "schema-invalid.json,       lint.schema-invalid,        /$schema",
            "schema-invalid.json,       lint.schema-invalid,        /properties/hh_no/minimum",
            "annotation-invalid.json,   lint.annotation-invalid,    /properties/hh_no/x-identifying",
            "annotation-invalid.json,   lint.annotation-invalid,    /properties/hh_no/x-colour",
            "annotation-invalid.json,   lint.annotation-invalid,    /properties/roster/items/properties/age/x-label/en",
            "form-missing.json,         lint.form-missing,          /x-form",
            "form-absent.json,          lint.form-missing,          ''",
            "label-missing.json,        lint.label-missing,         /properties/roster/items/properties/age",
            "label-missing.json,        lint.label-missing,         /properties/hh_no/x-label",
            "label-missing.json,        lint.label-missing,         /properties/hh_no/x-hint",
            "label-missing.json,        lint.label-missing,         /x-form/title",
            "label-missing.json,        lint.label-missing,         /properties/roster/items/properties/sex/x-codes/1/label",
            "section-unknown.json,      lint.section-unknown,       /properties/hh_no/x-section",
            "section-unknown.json,      lint.section-unknown,       /properties/has_emigrant",
            "codes-missing.json,        lint.codes-missing,         /properties/roster/items/properties/sex/enum/2",
            "codes-missing.json,        lint.codes-missing,         /properties/roster/items/properties/marital_status",
            "codes-extra.json,          lint.codes-extra,           /properties/roster/items/properties/sex/x-codes/2",
            "codes-extra.json,          lint.codes-extra,           /properties/hh_no/x-codes",
            "codes-duplicate.json,      lint.codes-duplicate,       /properties/roster/items/properties/sex/x-codes/2",
            "codes-duplicate.json,      lint.codes-duplicate,       /properties/roster/items/properties/marital_status/enum/2",
            "level-missing.json,        lint.level-missing,         /properties/roster",
            "skip-unknown-question.json, lint.skip-unknown-question, /allOf/0/if/properties/has_emigrnt",
            "skip-unknown-question.json, lint.skip-unknown-question, /allOf/0/if/required/0",
            "skip-unknown-question.json, lint.skip-unknown-question, /properties/roster/items/allOf/0/then/properties/marital",
            "skip-unknown-question.json, lint.skip-unknown-question, /properties/roster/items/dependentRequired/age/0",
            "ref-invalid.json,          lint.ref-invalid,           /properties/has_emigrant/$ref",
            "ref-invalid.json,          lint.ref-invalid,           /properties/roster/items/properties/sex/$ref",
    })
    void reportsEachProblemCodeAtItsPointer(String fixture, String code, String pointer) {
        List<LintProblem> problems = QuestionnaireLinter.lint(Fixtures.bytes("lint/" + fixture));
        assertTrue(problems.stream().anyMatch(p -> p.code().equals(code) && p.pointer().equals(pointer)),
                () -> "expected " + code + " at '" + pointer + "' in " + problems);
    }

    @ParameterizedTest
    @ValueSource(strings = {"schema-invalid.json", "annotation-invalid.json", "form-missing.json", "form-absent.json",
            "label-missing.json", "section-unknown.json", "codes-missing.json", "codes-extra.json",
            "codes-duplicate.json", "level-missing.json", "skip-unknown-question.json", "ref-invalid.json"})
    void eachSmallBadFixtureHasOnlyItsOwnKindOfProblem(String fixture) {
        String code = "lint." + fixture.replace(".json", "").replace("form-absent", "form-missing");
        List<LintProblem> problems = QuestionnaireLinter.lint(Fixtures.bytes("lint/" + fixture));
        assertFalse(problems.isEmpty());
        assertEquals(Set.of(code), problems.stream().map(LintProblem::code).collect(Collectors.toSet()),
                () -> problems.toString());
    }

    @Test
    void reportsEveryProblemAtOnce() {
        List<LintProblem> problems = QuestionnaireLinter.lint(Fixtures.bytes("lint/many-problems.json"));
        Set<String> found = problems.stream().map(p -> p.code() + " " + p.pointer()).collect(Collectors.toSet());
        assertTrue(found.containsAll(Set.of(
                "lint.label-missing /properties/hh_no/x-label",
                "lint.section-unknown /properties/has_emigrant/x-section",
                "lint.codes-extra /properties/roster/items/properties/sex/x-codes/2",
                "lint.level-missing /properties/roster",
                "lint.skip-unknown-question /allOf/0/then/required/0",
                "lint.ref-invalid /properties/emigrants/items/properties/country/$ref",
                "lint.annotation-invalid /properties/hh_no/x-order",
                "lint.schema-invalid /properties/hh_no/maximum")), () -> found.toString());
    }

    @Test
    void reportsNotJsonAsASingleProblem() {
        List<LintProblem> problems = QuestionnaireLinter.lint(Fixtures.bytes("lint/not-json.txt"));
        assertEquals(1, problems.size());
        assertEquals("lint.not-json", problems.get(0).code());
        assertEquals("", problems.get(0).pointer());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"questionnaire\"", "null", "42", "{} {}", "{\"a\":1,\"a\":2}"})
    void neverThrowsForBadContent(String content) {
        List<LintProblem> problems = QuestionnaireLinter.lint(content.getBytes(StandardCharsets.UTF_8));
        assertFalse(problems.isEmpty());
        assertTrue(problems.stream().allMatch(p -> p.code().equals("lint.not-json")
                || p.code().equals("lint.schema-invalid")), problems::toString);
    }

    @Test
    void skipLogicSubschemasAreNotQuestionsNeedingLabels() {
        // minimal.json has {"properties": {"emigrants": false}} under else and {"const": 1} under if
        List<LintProblem> problems = QuestionnaireLinter.lint(Fixtures.bytes("minimal.json"));
        assertTrue(problems.isEmpty(), problems::toString);
    }

    @Test
    void rejectsXFormBelowTheRoot() {
        ObjectNode document = Fixtures.minimal();
        ((ObjectNode) document.get("properties").get("hh_no")).set("x-form", document.get("x-form").deepCopy());
        List<LintProblem> problems = QuestionnaireLinter.lint(Fixtures.write(document));
        assertTrue(problems.contains(new LintProblem("/properties/hh_no/x-form", "lint.annotation-invalid",
                "x-form is allowed only at the root of the document.")), problems::toString);
    }

    @Test
    void acceptsSharedCodeListLabelledByTheQuestionsThatUseIt() {
        ObjectNode document = Fixtures.minimal();
        JsonNode codes = ((ObjectNode) document.get("$defs").get("yes_no")).remove("x-codes");
        ((ObjectNode) document.get("properties").get("has_emigrant")).set("x-codes", codes);
        assertEquals(List.of(), QuestionnaireLinter.lint(Fixtures.write(document)));
    }

    @Test
    void reportsABadRegularExpressionAsSchemaInvalid() {
        ObjectNode document = Fixtures.minimal();
        ((ObjectNode) document.at("/properties/emigrants/items/properties/country")).put("pattern", "([A-Z");
        List<LintProblem> problems = QuestionnaireLinter.lint(Fixtures.write(document));
        assertFalse(problems.isEmpty());
        assertTrue(problems.stream().allMatch(p -> p.code().equals("lint.schema-invalid")), problems::toString);
    }
}
