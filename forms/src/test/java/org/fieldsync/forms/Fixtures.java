package org.fieldsync.forms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Shared test fixtures of the forms module, under {@code src/test/resources/fixtures/}:
 * <ul>
 *   <li>{@code household.json}: a realistic household questionnaire (en/fr, roster of persons, emigrants,
 *       remittances, skip logic at the root and per person, shared $defs code lists);</li>
 *   <li>{@code household-answers.json}: a valid interview of an 8-member household with two emigrants;</li>
 *   <li>{@code minimal.json}: a small valid questionnaire the lint fixtures are variations of;</li>
 *   <li>{@code lint/<code>.json}: one small questionnaire per lint code, each with that problem only.</li>
 * </ul>
 */
final class Fixtures {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode json(String name) {
        try {
            return (ObjectNode) MAPPER.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Questionnaire household() {
        return Questionnaire.parse(bytes("household.json"));
    }

    /** A fresh, mutable copy of the valid household interview. */
    static ObjectNode householdAnswers() {
        return json("household-answers.json");
    }

    /** A fresh, mutable copy of the minimal questionnaire document. */
    static ObjectNode minimal() {
        return json("minimal.json");
    }

    /** The member schema of a question of the roster in a (mutable) questionnaire document. */
    static ObjectNode rosterQuestion(ObjectNode document, String name) {
        return (ObjectNode) document.get("properties").get("roster").get("items").get("properties").get(name);
    }
}
