package org.fieldsync.forms;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuestionnaireDiffTest {
    private final ObjectNode v1 = Fixtures.minimal();

    private static Questionnaire parse(ObjectNode document) {
        return Questionnaire.parse(Fixtures.write(document));
    }

    private static ObjectNode nextVersion(ObjectNode document) {
        ObjectNode next = document.deepCopy();
        ((ObjectNode) next.get("x-form")).put("version", 2);
        return next;
    }

    @Test
    void findsNothingBetweenIdenticalQuestions() {
        Diff diff = QuestionnaireDiff.between(parse(v1), parse(nextVersion(v1)));
        assertTrue(diff.isEmpty(), diff::toString);
        assertEquals("mini", diff.formId());
        assertEquals(1, diff.fromVersion());
        assertEquals(2, diff.toVersion());
    }

    @Test
    void reportsAddedAndRemovedQuestions() {
        ObjectNode v2 = nextVersion(v1);
        ObjectNode items = (ObjectNode) v2.at("/properties/roster/items/properties");
        items.remove("marital_status");
        ((ObjectNode) v2.at("/properties/roster/items")).remove("allOf"); // its rule was about marital_status
        ObjectNode phone = items.putObject("phone");
        phone.put("type", "string");
        phone.putObject("x-label").put("en", "Phone").put("fr", "Téléphone");

        Diff diff = QuestionnaireDiff.between(parse(v1), parse(v2));
        assertEquals(List.of(new DiffEntry("/roster/*/phone", "Phone", List.of())), diff.added());
        assertEquals(List.of(new DiffEntry("/roster/*/marital_status", "Marital status", List.of())), diff.removed());
        assertEquals(List.of(), diff.changed());
    }

    @Test
    void reportsTypeCodeLabelAndRequirednessChanges() {
        ObjectNode v2 = nextVersion(v1);
        ObjectNode sex = Fixtures.rosterQuestion(v2, "sex");
        ((ArrayNode) sex.get("enum")).removeAll().add(1).add(2).add(7);
        ArrayNode codes = (ArrayNode) sex.get("x-codes");
        ((ObjectNode) codes.get(1).get("label")).put("en", "Woman");
        codes.addObject().put("code", 7).putObject("label").put("en", "Other").put("fr", "Autre");
        ObjectNode age = Fixtures.rosterQuestion(v2, "age");
        age.put("type", "string");
        age.remove("minimum");
        age.remove("maximum");
        ((ObjectNode) age.get("x-label")).put("en", "Age in years");
        ((ArrayNode) v2.at("/properties/roster/items/required")).removeAll().add("sex");
        ((ArrayNode) v2.get("required")).add("has_emigrant");
        ObjectNode marital = Fixtures.rosterQuestion(v2, "marital_status");
        ((ArrayNode) marital.get("enum")).remove(1);
        ((ArrayNode) marital.get("x-codes")).remove(1);

        Diff diff = QuestionnaireDiff.between(parse(v1), parse(v2));
        assertTrue(diff.added().isEmpty());
        assertTrue(diff.removed().isEmpty());
        assertEquals(List.of(
                new DiffEntry("/has_emigrant", "Has a member left to live abroad?", List.of("now required")),
                new DiffEntry("/roster/*/sex", "Sex", List.of("codes added: 7", "code 2 relabelled")),
                new DiffEntry("/roster/*/age", "Age in years",
                        List.of("type integer → string", "label changed", "no longer required")),
                new DiffEntry("/roster/*/marital_status", "Marital status", List.of("codes removed: 2"))
        ), diff.changed());
        assertFalse(diff.isEmpty());
    }

    @Test
    void refusesToDiffDifferentQuestionnaires() {
        ObjectNode other = v1.deepCopy();
        ((ObjectNode) other.get("x-form")).put("id", "other");
        assertThrows(IllegalArgumentException.class, () -> QuestionnaireDiff.between(parse(v1), parse(other)));
    }
}
