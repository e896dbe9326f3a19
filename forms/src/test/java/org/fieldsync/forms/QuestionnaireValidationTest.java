package org.fieldsync.forms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuestionnaireValidationTest {
    private final Questionnaire household = Fixtures.household();

    @Test
    void acceptsAValidInterview() {
        ValidationResult result = household.validate(Fixtures.householdAnswers(), "en");
        assertTrue(result.valid(), result::toString);
        assertTrue(household.validate(Fixtures.bytes("household-answers.json"), null).valid());
    }

    @Test
    void locatesARootLevelSkipLogicRequiredErrorAtTheMissingQuestion() {
        ObjectNode answers = Fixtures.householdAnswers();
        answers.remove("emigrants");

        AnswerError en = single(household.validate(answers, "en"));
        assertEquals(new AnswerError("/emigrants", "/emigrants", "Members who left to live abroad", "required",
                "An answer is required by skip logic."), en);

        AnswerError fr = single(household.validate(answers, "fr"));
        assertEquals("Membres partis vivre à l'étranger", fr.label());
        assertEquals("/emigrants", fr.pointer());
    }

    @Test
    void locatesAnAnswerForbiddenByAFalseSchema() {
        ObjectNode answers = Fixtures.householdAnswers();
        ((ObjectNode) answers.get("roster").get(5)).put("marital_status", 1); // age 11

        AnswerError error = single(household.validate(answers, "fr"));
        assertEquals("/roster/5/marital_status", error.pointer());
        assertEquals("/roster/*/marital_status", error.question());
        assertEquals("Situation matrimoniale", error.label());
        assertEquals("false", error.keyword());
        assertTrue(error.message().contains("must be left empty by skip logic"), error.message());
    }

    @Test
    void reportsEveryAnswerSkipLogicForbidsWhenTheFilterIsNo() {
        ObjectNode answers = Fixtures.householdAnswers();
        answers.put("has_emigrant", 2);

        List<AnswerError> errors = household.validate(answers, "en").errors();
        assertEquals(List.of("/emigrants", "/remit_amount"), errors.stream().map(AnswerError::pointer).toList());
        assertTrue(errors.stream().allMatch(e -> e.keyword().equals("false")
                && e.message().contains("must be left empty by skip logic")));
    }

    @Test
    void reportsAllErrorsLocatedAndOrderedByPointer() {
        ObjectNode answers = Fixtures.householdAnswers();
        ArrayNode roster = (ArrayNode) answers.get("roster");
        for (int i = 0; i < 4; i++) {
            ObjectNode extra = roster.get(7).deepCopy();
            extra.put("line_no", 9 + i);
            roster.add(extra);
        }
        ((ObjectNode) roster.get(10)).put("line_no", 0);
        ((ObjectNode) roster.get(2)).put("age", 130);
        ((ObjectNode) roster.get(1)).remove("sex");
        ((ObjectNode) roster.get(3)).put("shoe_size", 42);
        answers.put("hh_no", "seventeen");
        answers.remove("remit_currency");
        answers.put("comment", "extra");

        List<AnswerError> errors = household.validate(answers, "en").errors();
        assertEquals(List.of("/comment", "/hh_no", "/remit_currency", "/roster/1/sex", "/roster/2/age",
                "/roster/3/shoe_size", "/roster/10/line_no"), errors.stream().map(AnswerError::pointer).toList());

        assertEquals(new AnswerError("/comment", "", "", "unevaluatedProperties",
                "'comment' is not a question of this questionnaire."), errors.get(0));
        assertEquals("type", errors.get(1).keyword());
        assertEquals("The answer must be an integer (got a string).", errors.get(1).message());
        assertEquals("dependentRequired", errors.get(2).keyword());
        assertEquals("Currency of the amount", errors.get(2).label());
        assertTrue(errors.get(2).message().contains("required by skip logic"));
        assertEquals(new AnswerError("/roster/1/sex", "/roster/*/sex", "Sex", "required", "An answer is required."),
                errors.get(3));
        assertEquals("maximum", errors.get(4).keyword());
        assertEquals("The answer must be at most 120.", errors.get(4).message());
        assertEquals(new AnswerError("/roster/3/shoe_size", "", "", "additionalProperties",
                "'shoe_size' is not a question of this questionnaire."), errors.get(5));
        assertEquals(new AnswerError("/roster/10/line_no", "/roster/*/line_no", "Line number", "minimum",
                "The answer must be at least 1."), errors.get(6));
    }

    @Test
    void locatesAPerPersonSkipLogicRequiredError() {
        ObjectNode answers = Fixtures.householdAnswers();
        ((ObjectNode) answers.get("roster").get(0)).remove("marital_status"); // age 52: required by skip logic

        AnswerError error = single(household.validate(answers, "en"));
        assertEquals("/roster/0/marital_status", error.pointer());
        assertEquals("Marital status", error.label());
        assertEquals("An answer is required by skip logic.", error.message());
    }

    @Test
    void assertsFormatsSuchAsCalendarDates() {
        ObjectNode answers = Fixtures.householdAnswers();
        answers.put("interview_date", "2025-13-14");

        AnswerError error = single(household.validate(answers, "en"));
        assertEquals(new AnswerError("/interview_date", "/interview_date", "Date of the interview", "format",
                "The answer is not a valid date."), error);
    }

    @Test
    void labelsInTheDefaultLanguageWhenTheLanguageIsMissingOrUndeclared() {
        ObjectNode answers = Fixtures.householdAnswers();
        answers.remove("emigrants");
        assertEquals("Members who left to live abroad", single(household.validate(answers, null)).label());
        assertEquals("Members who left to live abroad", single(household.validate(answers, "de")).label());
    }

    @Test
    void locatesAWrongItemOfAMultiSelect() {
        ObjectNode answers = Fixtures.householdAnswers();
        ((ArrayNode) answers.get("roster").get(0).get("activities")).add(9);

        AnswerError error = single(household.validate(answers, "en"));
        assertEquals("/roster/0/activities/2", error.pointer());
        assertEquals("/roster/*/activities", error.question());
        assertEquals("enum", error.keyword());
        assertEquals("Activities in the last 7 days", error.label());
    }

    @Test
    void locatesMembersANotRuleForbids() {
        ObjectNode document = Fixtures.minimal();
        ((ArrayNode) document.get("allOf")).addObject().putObject("not").putArray("required").add("hh_no");
        Questionnaire questionnaire = Questionnaire.parse(Fixtures.write(document));

        ObjectNode answers = Fixtures.MAPPER.createObjectNode();
        answers.put("hh_no", 3);
        answers.putArray("roster").addObject().put("sex", 1).put("age", 30);
        AnswerError error = single(questionnaire.validate(answers, "fr"));
        assertEquals(new AnswerError("/hh_no", "/hh_no", "Numéro du ménage", "not",
                "This question must be left empty."), error);
    }

    @Test
    void validatingBytesAndParsedAnswersGiveTheSameErrors() {
        ObjectNode answers = Fixtures.householdAnswers();
        answers.remove("emigrants");
        assertEquals(household.validate(answers, "fr"), household.validate(Fixtures.write(answers), "fr"));
    }

    @Test
    void refusesAnswersThatAreNotJson() {
        FormsException e = assertThrows(FormsException.class,
                () -> household.validate("{\"hh_no\": 1,".getBytes(StandardCharsets.UTF_8), "en"));
        assertEquals(FormsException.Code.NOT_JSON, e.code());
        assertTrue(e.problems().isEmpty());
        assertThrows(FormsException.class, () -> household.validate("{\"hh_no\": 1, \"hh_no\": 2}"
                .getBytes(StandardCharsets.UTF_8), "en"));
    }

    @Test
    void reportsAnInterviewThatIsNotAnObjectAtTheEmptyPointer() {
        List<AnswerError> errors = household.validate("[]".getBytes(StandardCharsets.UTF_8), "en").errors();
        assertFalse(errors.isEmpty());
        assertEquals("", errors.get(0).pointer());
        assertEquals("", errors.get(0).question());
    }

    private static AnswerError single(ValidationResult result) {
        assertEquals(1, result.errors().size(), result::toString);
        return result.errors().get(0);
    }
}
