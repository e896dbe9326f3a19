package org.fieldsync.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuestionnaireTest {

    @Test
    void readsTheFormAnnotations() {
        Questionnaire household = Fixtures.household();
        assertEquals("household", household.formId());
        assertEquals(1, household.version());
        assertEquals("interview", household.kind());
        assertEquals("household", household.unit());
        assertEquals(List.of("en", "fr"), household.languages());
        assertEquals("Tronc commun ménage", household.title().get("fr"));
        assertEquals(List.of("identification", "roster", "migration"),
                household.sections().stream().map(Section::id).toList());
        assertEquals("Composition du ménage", household.sections().get(1).label().get("fr"));
    }

    @Test
    void listsQuestionsBySectionThenOrderThenDeclarationWithNestedQuestionsAfterTheirParent() {
        List<String> paths = Fixtures.household().questions().stream().map(Question::path).toList();
        assertEquals(List.of("/interview_date", "/hh_no", "/head_name", "/phone"), paths.subList(0, 4));
        assertEquals("/roster", paths.get(4));
        assertEquals("/roster/*/line_no", paths.get(5));
        assertTrue(paths.indexOf("/roster/*/birth_country") < paths.indexOf("/has_emigrant"));
        assertTrue(paths.indexOf("/emigrants") < paths.indexOf("/emigrants/*/name"));
        assertEquals("/remit_currency", paths.get(paths.size() - 1));
        assertEquals(26, paths.size());
    }

    @Test
    void describesAQuestionWithInheritedSectionAndReferencedCodes() {
        Questionnaire household = Fixtures.household();
        Question literate = household.question("/roster/*/literate").orElseThrow();
        assertEquals("roster", literate.section());
        assertEquals("integer", literate.type());
        assertEquals("Sait lire et écrire", literate.label().get("fr"));
        assertEquals(List.of(1, 2), literate.codes().stream().map(Code::code).toList());
        assertEquals("Oui", literate.codes().get(0).label().get("fr"));

        Question destination = household.question("/emigrants/*/destination").orElseThrow();
        assertEquals("string", destination.type());
        assertEquals("FRA", destination.codes().get(6).code());

        Question activities = household.question("/roster/*/activities").orElseThrow();
        assertEquals("array", activities.type());
        assertEquals(5, activities.codes().size());

        Question roster = household.question("/roster").orElseThrow();
        assertEquals("person", roster.level());
        assertTrue(household.question("/head_name").orElseThrow().identifying());
        assertEquals("Leave empty if the household has no phone.",
                household.question("/phone").orElseThrow().hint().get("en"));
        assertTrue(household.question("/nowhere").isEmpty());
        assertTrue(household.question(null).isEmpty());
    }

    @Test
    void findsQuestionsThroughLocalReferencesToSharedObjects() {
        ObjectNode document = Fixtures.minimal();
        ObjectNode roster = (ObjectNode) document.at("/properties/roster");
        ((ObjectNode) document.get("$defs")).set("person", roster.get("items"));
        roster.putObject("items").put("$ref", "#/$defs/person");
        assertEquals(List.of(), QuestionnaireLinter.lint(Fixtures.write(document)));

        Questionnaire questionnaire = Questionnaire.parse(Fixtures.write(document));
        assertEquals(List.of("/hh_no", "/has_emigrant", "/emigrants", "/emigrants/*/country", "/roster",
                        "/roster/*/sex", "/roster/*/age", "/roster/*/marital_status"),
                questionnaire.questions().stream().map(Question::path).toList());

        ObjectNode answers = Fixtures.MAPPER.createObjectNode().put("hh_no", 1);
        answers.putArray("roster").addObject().put("sex", 1);
        AnswerError error = questionnaire.validate(answers, "fr").errors().get(0);
        assertEquals(new AnswerError("/roster/0/age", "/roster/*/age", "Âge", "required", "An answer is required."),
                error);
    }

    @Test
    void canonicalHashIgnoresFormattingAndMemberOrder() {
        byte[] pretty = Fixtures.bytes("household.json");
        ObjectNode reordered = reverseMembers(Fixtures.json("household.json"));
        byte[] compact = Fixtures.write(reordered);
        assertNotEquals(new String(pretty, StandardCharsets.UTF_8), new String(compact, StandardCharsets.UTF_8));

        Questionnaire a = Questionnaire.parse(pretty);
        Questionnaire b = Questionnaire.parse(compact);
        assertEquals(a.sha256(), b.sha256());
        assertArrayEquals(a.canonicalJson(), b.canonicalJson());
        assertTrue(a.sha256().matches("[0-9a-f]{64}"));
    }

    @Test
    void canonicalJsonSortsMembersAndDropsWhiteSpace() {
        String document = new String(Questionnaire.parse(Fixtures.bytes("minimal.json")).canonicalJson(),
                StandardCharsets.UTF_8);
        assertTrue(document.startsWith("{\"$defs\":{\"yes_no\":{\"enum\":[1,2],\"type\":\"integer\","), document);
        assertFalse(document.contains("\n"));
        assertFalse(document.contains(": "));
        assertTrue(document.contains("\"Âge\""), "non-ASCII text is written as UTF-8, not escaped");
    }

    @Test
    void canonicalHashChangesWithContent() {
        ObjectNode document = Fixtures.minimal();
        String before = Questionnaire.parse(Fixtures.write(document)).sha256();
        ((ObjectNode) Fixtures.rosterQuestion(document, "age").get("x-label")).put("en", "Age in years");
        assertNotEquals(before, Questionnaire.parse(Fixtures.write(document)).sha256());
    }

    @Test
    void refusesBytesThatAreNotJson() {
        FormsException e = assertThrows(FormsException.class,
                () -> Questionnaire.parse("{\"type\": ".getBytes(StandardCharsets.UTF_8)));
        assertEquals(FormsException.Code.NOT_JSON, e.code());
        assertEquals("lint.not-json", e.problems().get(0).code());
    }

    @Test
    void refusesAQuestionnaireWithLintProblemsListingThemAll() {
        FormsException e = assertThrows(FormsException.class,
                () -> Questionnaire.parse(Fixtures.bytes("lint/many-problems.json")));
        assertEquals(FormsException.Code.LINT_FAILED, e.code());
        assertEquals(QuestionnaireLinter.lint(Fixtures.bytes("lint/many-problems.json")), e.problems());
        assertTrue(e.problems().size() >= 8);
    }

    @Test
    void canonicalJsonIsACopy() {
        Questionnaire minimal = Questionnaire.parse(Fixtures.bytes("minimal.json"));
        byte[] first = minimal.canonicalJson();
        first[0] = 'X';
        assertEquals('{', minimal.canonicalJson()[0]);
    }

    private static ObjectNode reverseMembers(ObjectNode node) {
        ObjectNode out = Fixtures.MAPPER.createObjectNode();
        Map<String, JsonNode> members = new TreeMap<>(Comparator.reverseOrder());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            members.put(e.getKey(), e.getValue().isObject() ? reverseMembers((ObjectNode) e.getValue()) : e.getValue());
        }
        members.forEach(out::set);
        return out;
    }
}
