package org.fieldsync.forms;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Every shipped questionnaire lints clean, its valid examples validate, and its invalid examples fail with at
 * least the pointers its {@code expectations.json} lists. Examples are enumerated from the classpath with
 * {@link ShippedQuestionnaires#examples(String)}; the suite is skipped while no questionnaire is shipped yet.
 */
class ShippedQuestionnairesTest {

    @Test
    void listsOnlyKnownIdsInTheirFixedOrder() {
        List<String> order = List.of("household", "listing", "migration", "transit", "children");
        List<String> ids = ShippedQuestionnaires.ids();
        assertTrue(order.containsAll(ids));
        assertEquals(order.stream().filter(ids::contains).toList(), ids);
    }

    @Test
    void refusesUnknownIdsAndPathTricks() {
        assertThrows(IllegalArgumentException.class, () -> ShippedQuestionnaires.read("no_such_form"));
        assertThrows(IllegalArgumentException.class, () -> ShippedQuestionnaires.read("../fieldsync-annotations"));
        assertThrows(IllegalArgumentException.class, () -> ShippedQuestionnaires.example("household", "../x.json"));
    }

    @TestFactory
    List<DynamicNode> everyShippedQuestionnaireAndExampleBehaves() {
        List<String> ids = ShippedQuestionnaires.ids();
        assumeFalse(ids.isEmpty(), "no shipped questionnaire on the classpath yet");
        List<DynamicNode> perQuestionnaire = new ArrayList<>();
        for (String id : ids) {
            List<DynamicNode> tests = new ArrayList<>();
            tests.add(DynamicTest.dynamicTest("lints clean", () ->
                    assertEquals(List.of(), QuestionnaireLinter.lint(ShippedQuestionnaires.read(id)))));
            tests.add(DynamicTest.dynamicTest("declares its own id", () ->
                    assertEquals(id, Questionnaire.parse(ShippedQuestionnaires.read(id)).formId())));
            List<String> files = ShippedQuestionnaires.examples(id);
            JsonNode expectations = expectations(id, files);
            for (String file : files) {
                if (file.startsWith("valid-") && file.endsWith(".json")) {
                    tests.add(DynamicTest.dynamicTest(file + " validates", () -> {
                        ValidationResult result = questionnaire(id).validate(
                                ShippedQuestionnaires.example(id, file), null);
                        assertTrue(result.valid(), () -> file + ": " + result.errors());
                    }));
                } else if (file.startsWith("invalid-") && file.endsWith(".json")) {
                    tests.add(DynamicTest.dynamicTest(file + " fails at the expected pointers", () -> {
                        ValidationResult result = questionnaire(id).validate(
                                ShippedQuestionnaires.example(id, file), null);
                        assertFalse(result.valid(), file + " should not validate");
                        Set<String> reported = result.errors().stream().map(AnswerError::pointer)
                                .collect(Collectors.toSet());
                        for (JsonNode pointer : expectations.path(file).path("pointers")) {
                            assertTrue(reported.contains(pointer.asText()), () -> file + ": expected an error at '"
                                    + pointer.asText() + "' (" + expectations.path(file).path("why").asText()
                                    + "), got " + result.errors());
                        }
                    }));
                }
            }
            perQuestionnaire.add(DynamicContainer.dynamicContainer(id, tests));
        }
        return perQuestionnaire;
    }

    private static Questionnaire questionnaire(String id) {
        return Questionnaire.parse(ShippedQuestionnaires.read(id));
    }

    private static JsonNode expectations(String id, List<String> files) {
        if (!files.contains("expectations.json")) {
            return Fixtures.MAPPER.createObjectNode();
        }
        try {
            return Fixtures.MAPPER.readTree(ShippedQuestionnaires.example(id, "expectations.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
