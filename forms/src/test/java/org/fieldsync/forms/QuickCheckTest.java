package org.fieldsync.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import org.fieldsync.forms.QuickCheck.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quick check against the full validator (networknt): wherever the quick check is sure, both agree; it is sure
 * for the valid examples; and it never calls valid what the full validator refuses, over thousands of seeded
 * mutations of every shipped questionnaire's valid examples.
 */
class QuickCheckTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static List<String> shipped() {
        return ShippedQuestionnaires.ids();
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void decidesEveryShippedExampleAsTheFullValidatorDoes(String id) throws Exception {
        JsonNode document = Json.read(ShippedQuestionnaires.read(id));
        QuickCheck quick = QuickCheck.compile(document).orElseThrow(() -> new AssertionError(id + " not compiled"));
        JsonSchema full = Dialect.compileQuestionnaire(document);
        for (String example : ShippedQuestionnaires.examples(id)) {
            if (!example.startsWith("valid") && !example.startsWith("invalid")) {
                continue;
            }
            JsonNode answers = Json.read(ShippedQuestionnaires.example(id, example));
            Verdict verdict = quick.test(answers);
            assertEquals(example.startsWith("valid") ? Verdict.VALID : Verdict.INVALID, verdict, id + "/" + example);
            assertEquals(full.validate(answers).isEmpty(), verdict == Verdict.VALID, id + "/" + example);
        }
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void neverCallsValidWhatTheFullValidatorRefuses(String id) throws Exception {
        JsonNode document = Json.read(ShippedQuestionnaires.read(id));
        QuickCheck quick = QuickCheck.compile(document).orElseThrow();
        JsonSchema full = Dialect.compileQuestionnaire(document);
        Random random = new Random(id.hashCode());
        int valid = 0;
        int invalid = 0;
        int unsure = 0;
        for (String example : ShippedQuestionnaires.examples(id)) {
            if (!example.startsWith("valid")) {
                continue;
            }
            JsonNode original = Json.read(ShippedQuestionnaires.example(id, example));
            for (int i = 0; i < 1500; i++) {
                JsonNode answers = original.deepCopy();
                int edits = 1 + random.nextInt(3);
                for (int e = 0; e < edits; e++) {
                    mutate(answers, random);
                }
                Verdict verdict = quick.test(answers);
                boolean fullValid = full.validate(answers).isEmpty();
                if (verdict != Verdict.UNSURE) {
                    assertEquals(fullValid, verdict == Verdict.VALID, () -> id + ": " + answers);
                }
                valid += verdict == Verdict.VALID ? 1 : 0;
                invalid += verdict == Verdict.INVALID ? 1 : 0;
                unsure += verdict == Verdict.UNSURE ? 1 : 0;
            }
        }
        // the mutations reach both outcomes, and the quick check is sure of nearly all of them
        assertTrue(valid > 0 && invalid > 0, id + ": valid " + valid + ", invalid " + invalid);
        assertTrue(unsure * 10 < valid + invalid, id + ": unsure " + unsure + " of " + (valid + invalid + unsure));
    }

    @Test
    void leavesTheEdgesOfNumberSemanticsToTheFullValidator() throws Exception {
        QuickCheck integer = compile("{\"type\":\"integer\",\"maximum\":10}");
        assertEquals(Verdict.VALID, integer.test(NODES.numberNode(10)));
        assertEquals(Verdict.UNSURE, integer.test(NODES.numberNode(2.0))); // an integer in 2020-12
        assertEquals(Verdict.INVALID, integer.test(NODES.numberNode(2.5)));
        assertEquals(Verdict.INVALID, integer.test(NODES.numberNode(11)));
        assertEquals(Verdict.UNSURE, compile("{\"maximum\":10}").test(NODES.numberNode(10.0)));
        assertEquals(Verdict.UNSURE, compile("{\"enum\":[1,2]}").test(NODES.numberNode(1.0)));
        assertEquals(Verdict.UNSURE, compile("{\"const\":{\"a\":1}}").test(Json.read(bytes("{\"a\":1}"))));
        assertEquals(Verdict.UNSURE, compile("{\"format\":\"email\"}").test(NODES.textNode("a@b.org")));
        assertEquals(Verdict.UNSURE, compile("{\"not\":{\"const\":1}}").test(NODES.numberNode(1.0)));
        assertEquals(Verdict.UNSURE,
                compile("{\"if\":{\"minimum\":1},\"then\":false}").test(NODES.numberNode(1.0)));
    }

    @Test
    void decidesEachKeywordAsTheFullValidatorDoes() throws Exception {
        String[][] cases = {
            {"{\"type\":[\"string\",\"null\"]}", "null", "\"a\"", "1"},
            {"{\"enum\":[\"a\",1,null]}", "\"a\"", "1", "null", "\"b\"", "2", "true"},
            {"{\"const\":\"a\"}", "\"a\"", "\"b\"", "1"},
            {"{\"minimum\":1,\"exclusiveMaximum\":3}", "1", "2.5", "3", "0", "\"x\""},
            {"{\"exclusiveMinimum\":1,\"maximum\":3}", "1", "1.5", "3", "4"},
            {"{\"minLength\":2,\"maxLength\":3}", "\"ab\"", "\"a\"", "\"abcd\"", "\"a\uD83D\uDE00\"", "\"\uD83D\uDE00\"", "5"},
            {"{\"pattern\":\"^[A-Z]{2}$\"}", "\"FR\"", "\"fra\"", "3"},
            {"{\"pattern\":\"[0-9]\"}", "\"a1\"", "\"ab\""},
            {"{\"format\":\"date\"}", "\"2026-02-28\"", "\"2026-02-30\"", "\"2026-2-1\"", "\"10000-01-01\"", "3"},
            {"{\"required\":[\"a\"],\"properties\":{\"a\":{\"type\":\"integer\"}},\"additionalProperties\":false}",
                "{\"a\":1}", "{\"a\":\"x\"}", "{}", "{\"a\":1,\"b\":2}", "[]"},
            {"{\"additionalProperties\":{\"type\":\"string\"},\"properties\":{\"a\":true}}", "{\"a\":1,\"b\":\"x\"}",
                "{\"b\":1}"},
            {"{\"minProperties\":1,\"maxProperties\":2}", "{\"a\":1}", "{}", "{\"a\":1,\"b\":1,\"c\":1}"},
            {"{\"dependentRequired\":{\"a\":[\"b\"]}}", "{\"a\":1,\"b\":1}", "{\"a\":1}", "{\"b\":1}"},
            {"{\"items\":{\"type\":\"integer\"},\"minItems\":1,\"maxItems\":2,\"uniqueItems\":true}", "[1]", "[]",
                "[1,2,3]", "[1,1]", "[1,\"a\"]", "{}"},
            {"{\"contains\":{\"const\":2}}", "[1,2]", "[1]", "[]", "3"},
            {"{\"allOf\":[{\"minimum\":1},{\"maximum\":3}]}", "2", "0", "4"},
            {"{\"anyOf\":[{\"type\":\"string\"},{\"minimum\":3}]}", "\"a\"", "4", "1"},
            {"{\"oneOf\":[{\"minimum\":3},{\"maximum\":5}]}", "1", "4", "6"},
            {"{\"not\":{\"type\":\"string\"}}", "1", "\"a\""},
            {"{\"if\":{\"properties\":{\"a\":{\"const\":1}},\"required\":[\"a\"]},\"then\":{\"required\":[\"b\"]},"
                + "\"else\":{\"not\":{\"required\":[\"b\"]}}}", "{\"a\":1,\"b\":1}", "{\"a\":1}", "{\"a\":2}",
                "{\"a\":2,\"b\":1}"},
            {"{\"$defs\":{\"n\":{\"type\":\"integer\"}},\"properties\":{\"a\":{\"$ref\":\"#/$defs/n\"}}}",
                "{\"a\":1}", "{\"a\":\"x\"}"},
            {"{\"$defs\":{\"t\":{\"type\":\"object\",\"properties\":{\"c\":{\"$ref\":\"#/$defs/t\"}}}},"
                + "\"$ref\":\"#/$defs/t\"}", "{\"c\":{\"c\":{}}}", "{\"c\":{\"c\":1}}"},
            {"{\"properties\":{\"a\":false}}", "{}", "{\"a\":null}"},
        };
        for (String[] c : cases) {
            JsonNode schema = Json.read(bytes(c[0]));
            QuickCheck quick = QuickCheck.compile(schema).orElseThrow(() -> new AssertionError(c[0]));
            JsonSchema full = Dialect.compileQuestionnaire(schema);
            for (int i = 1; i < c.length; i++) {
                JsonNode instance = Json.read(bytes(c[i]));
                Verdict verdict = quick.test(instance);
                assertNotEquals(Verdict.UNSURE, verdict, c[0] + " " + c[i]);
                assertEquals(full.validate(instance).isEmpty(), verdict == Verdict.VALID, c[0] + " " + c[i]);
            }
        }
    }

    @Test
    void compilesNothingForAKeywordItDoesNotDecide() throws Exception {
        for (String schema : List.of("{\"patternProperties\":{\"^a\":true}}", "{\"prefixItems\":[true]}",
                "{\"properties\":{\"a\":{\"$id\":\"https://example.org/a\"}}}", "{\"$ref\":\"other.json\"}",
                "{\"contains\":true,\"minContains\":2}", "{\"unevaluatedProperties\":false}",
                "{\"dependentSchemas\":{\"a\":true}}")) {
            assertTrue(QuickCheck.compile(Json.read(bytes(schema))).isEmpty(), schema);
        }
    }

    private static QuickCheck compile(String schema) throws Exception {
        return QuickCheck.compile(Json.read(bytes(schema))).orElseThrow();
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** One random edit somewhere in the answers: a member removed, added or replaced by a value of some kind. */
    private static void mutate(JsonNode answers, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(answers, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            int what = random.nextInt(10);
            if (what == 0 || names.isEmpty()) {
                object.set("unexpected_" + random.nextInt(3), value(null, random));
            } else if (what <= 2) {
                object.remove(names.get(random.nextInt(names.size())));
            } else {
                String name = names.get(random.nextInt(names.size()));
                object.set(name, value(object.get(name), random));
            }
        } else if (target instanceof ArrayNode array && !array.isEmpty()) {
            int what = random.nextInt(4);
            int index = random.nextInt(array.size());
            if (what == 0) {
                array.remove(index);
            } else if (what == 1) {
                array.add(array.get(index).deepCopy());
            } else {
                array.set(index, value(array.get(index), random));
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), into);
            }
        }
    }

    /** A replacement: near the old value most of the time (the edges of ranges and codes), else any kind of value. */
    private static JsonNode value(JsonNode old, Random random) {
        if (old != null && old.isIntegralNumber() && random.nextBoolean()) {
            long[] deltas = {-100, -1, 1, 1, 100, 10_000};
            return NODES.numberNode(old.longValue() + deltas[random.nextInt(deltas.length)]);
        }
        if (old != null && old.isTextual() && random.nextBoolean()) {
            String s = old.textValue();
            String[] variants = {"", s + s, s.isEmpty() ? "x" : s.substring(1), s + "\uD83D\uDE00", "2026-02-30",
                "2025-12-31", s.toUpperCase(java.util.Locale.ROOT)};
            return NODES.textNode(variants[random.nextInt(variants.length)]);
        }
        switch (random.nextInt(10)) {
            case 0:
                return NODES.nullNode();
            case 1:
                return NODES.booleanNode(random.nextBoolean());
            case 2:
                return NODES.numberNode(random.nextInt(5) - 1);
            case 3:
                return NODES.numberNode(2.0);
            case 4:
                return NODES.numberNode(2.5);
            case 5:
                return NODES.textNode("x");
            case 6:
                return NODES.objectNode();
            case 7:
                return NODES.arrayNode();
            case 8:
                return NODES.numberNode(random.nextInt(100));
            default:
                return NODES.textNode(String.valueOf(random.nextInt(20)));
        }
    }
}
