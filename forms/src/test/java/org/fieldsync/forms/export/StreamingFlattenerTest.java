package org.fieldsync.forms.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fieldsync.forms.Questionnaire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming flattener ({@link Flattener#writeInterview(String, int, int, JsonParser, Map)}) writes exactly the
 * rows of the tree flattener: on every shipped example and on thousands of seeded mutations of them (values of
 * every JSON type in every place, members removed and added, containers and scalars swapped), in two versions.
 */
class StreamingFlattenerTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @ParameterizedTest
    @ValueSource(strings = {"household", "listing", "migration", "transit", "children"})
    void streamingWritesWhatTheTreeWrites(String form) {
        ExportSchema schema = ExportSchema.of(List.of(ExportFixtures.shipped(form)));
        Random random = new Random(form.hashCode());
        List<byte[]> interviews = new ArrayList<>();
        for (JsonNode example : ExportFixtures.validExamples(form).values()) {
            interviews.add(bytes(example));
            for (int m = 0; m < 400; m++) {
                JsonNode mutated = example.deepCopy();
                for (int k = 0, n = 1 + random.nextInt(4); k < n; k++) {
                    mutated = mutate(mutated, random);
                }
                interviews.add(bytes(mutated));
            }
        }
        interviews.add("[1,2]".getBytes(StandardCharsets.UTF_8));
        interviews.add("\"text\"".getBytes(StandardCharsets.UTF_8));
        interviews.add("{}".getBytes(StandardCharsets.UTF_8));
        assertSame(schema, interviews, 1);
    }

    @Test
    void versionsNotAskingAQuestionLeaveItEmptyInBoth() {
        ExportSchema schema = ExportSchema.of(List.of(ExportFixtures.shipped("household"),
                ExportFixtures.householdVersion2()));
        List<byte[]> interviews = new ArrayList<>();
        for (JsonNode example : ExportFixtures.validExamples("household").values()) {
            ObjectNode withWater = (ObjectNode) example.deepCopy();
            withWater.put("water_source", 2);
            interviews.add(bytes(withWater));
        }
        assertSame(schema, interviews, 1);
        assertSame(schema, interviews, 2);
    }

    @Test
    void aRepeatedMemberItReadsIsRefused() {
        ExportSchema schema = ExportSchema.of(List.of(ExportFixtures.shipped("household")));
        String name = schema.root().variables().stream().map(Variable::path).filter(p -> p.matches("/?[a-z_0-9]+"))
                .findFirst().orElseThrow().replace("/", "");
        byte[] repeated = ("{\"" + name + "\":1,\"" + name + "\":2}").getBytes(StandardCharsets.UTF_8);
        ExportFixtures.flatten(schema, f -> {
            try (JsonParser p = Questionnaire.answersParser(repeated)) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> f.writeInterview("i", 1, 1, p, null));
                assertTrue(e.getMessage().contains("repeated"), e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void assertSame(ExportSchema schema, List<byte[]> interviews, int version) {
        Map<String, String> tree = ExportFixtures.flatten(schema, f -> {
            for (int i = 0; i < interviews.size(); i++) {
                f.writeInterview("i" + i, 1, version, Questionnaire.parseAnswers(interviews.get(i)),
                        Map.of());
            }
        });
        Map<String, String> streamed = ExportFixtures.flatten(schema, f -> {
            for (int i = 0; i < interviews.size(); i++) {
                try (JsonParser p = Questionnaire.answersParser(interviews.get(i))) {
                    f.writeInterview("i" + i, 1, version, p, Map.of());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        assertEquals(tree.keySet(), streamed.keySet());
        tree.forEach((level, csv) -> {
            String[] want = csv.split("\r\n", -1);
            String[] got = streamed.get(level).split("\r\n", -1);
            for (int r = 0; r < Math.min(want.length, got.length); r++) {
                assertEquals(want[r], got[r], level + " row " + r);
            }
            assertEquals(want.length, got.length, level + " rows");
        });
    }

    /** A copy of the answers with one random change somewhere in them. */
    private static JsonNode mutate(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        if (containers.isEmpty()) {
            return root;
        }
        JsonNode target = containers.get(random.nextInt(containers.size()));
        if (target instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            switch (random.nextInt(4)) {
                case 0 -> {
                    if (!names.isEmpty()) {
                        o.remove(names.get(random.nextInt(names.size())));
                    }
                }
                case 1 -> o.set("unknown_" + random.nextInt(5), value(random, 2));
                default -> {
                    if (!names.isEmpty()) {
                        o.set(names.get(random.nextInt(names.size())), value(random, 2));
                    }
                }
            }
        } else if (target instanceof ArrayNode a) {
            if (a.size() > 0 && random.nextBoolean()) {
                a.set(random.nextInt(a.size()), value(random, 2));
            } else {
                a.add(value(random, 2));
            }
        }
        return root;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }

    private static JsonNode value(Random random, int depth) {
        switch (random.nextInt(depth > 0 ? 14 : 11)) {
            case 0:
                return NODES.nullNode();
            case 1:
                return NODES.booleanNode(random.nextBoolean());
            case 2:
                return NODES.numberNode(random.nextInt(200) - 100);
            case 3:
                return NODES.numberNode(random.nextLong());
            case 4:
                return NODES.numberNode(new BigInteger("123456789012345678901234567890"));
            case 5:
                return NODES.numberNode(List.of(0.1, -6.8416, 1e-7, 123.45, 34.05, 1e21, 2.0, -0.0)
                        .get(random.nextInt(8)));
            case 6:
                return NODES.textNode(List.of("", "plain", "a, comma", "say \"hi\"", "line\nbreak", "é中😀", "2")
                        .get(random.nextInt(7)));
            case 7:
                return NODES.numberNode(random.nextInt(4));
            case 8:
                return NODES.textNode("2026-11-23");
            case 9:
                return NODES.numberNode(random.nextInt(3) + 0.5);
            case 10:
                return NODES.arrayNode().add(random.nextInt(4)).add(random.nextInt(99));
            case 11: {
                ArrayNode a = NODES.arrayNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    a.add(value(random, depth - 1));
                }
                return a;
            }
            default: {
                ObjectNode o = NODES.objectNode();
                for (int i = random.nextInt(3); i > 0; i--) {
                    o.set("m" + random.nextInt(4), value(random, depth - 1));
                }
                return o;
            }
        }
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
