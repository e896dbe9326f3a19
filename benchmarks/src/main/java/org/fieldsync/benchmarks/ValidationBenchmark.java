package org.fieldsync.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fieldsync.forms.Questionnaire;
import org.fieldsync.forms.ShippedQuestionnaires;
import org.fieldsync.forms.ValidationResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Validation throughput of one interview on one core: the server validates every uploaded interview, so this is
 * the rate one core can accept uploads at (target: at least 10,000 full household interviews per second).
 *
 * <p>Three interviews are measured, each already valid so that the common path is timed:
 * <ul>
 *   <li>{@code household}: the shipped household questionnaire and its first valid example (an 8-member roster);</li>
 *   <li>{@code migration}: the shipped migration module and its first valid example (emigrants, returnees,
 *       immigrants, remittances);</li>
 *   <li>{@code fixture}: a household questionnaire with roster and migration items in one document (a copy of the
 *       forms test fixture) and an 8-member interview with two emigrants generated here. It also stands in for a
 *       shipped questionnaire that is not on the classpath.</li>
 * </ul>
 * {@code validateNode} times {@link Questionnaire#validate(JsonNode, String)} with the answers already parsed;
 * {@code validateBytes} times {@link Questionnaire#validate(byte[], String)}, parsing included.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ValidationBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class ValidationBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One questionnaire and one valid interview, as bytes and parsed. */
    public record Case(Questionnaire questionnaire, byte[] bytes, JsonNode node) {
    }

    /** The three cases, built once per run. */
    @State(Scope.Benchmark)
    public static class Interviews {
        Case household;
        Case migration;
        Case fixture;

        @Setup
        public void load() {
            fixture = checked("fixture", fixtureCase());
            household = checked("household", shippedCase("household"));
            migration = checked("migration", shippedCase("migration"));
        }

        private Case shippedCase(String id) {
            if (!ShippedQuestionnaires.ids().contains(id)) {
                System.out.println("[ValidationBenchmark] " + id + " is not shipped yet: using the fixture");
                return fixture;
            }
            List<String> examples = ShippedQuestionnaires.examples(id);
            String first = examples.contains("valid-1.json") ? "valid-1.json" : examples.stream()
                    .filter(name -> name.startsWith("valid-") && name.endsWith(".json")).findFirst().orElse(null);
            if (first == null) {
                System.out.println("[ValidationBenchmark] " + id + " has no valid example: using the fixture");
                return fixture;
            }
            Questionnaire questionnaire = Questionnaire.parse(ShippedQuestionnaires.read(id));
            byte[] bytes = ShippedQuestionnaires.example(id, first);
            return new Case(questionnaire, bytes, read(bytes));
        }

        private static Case checked(String name, Case c) {
            ValidationResult result = c.questionnaire().validate(c.node(), null);
            if (!result.valid()) {
                throw new IllegalStateException(name + ": the benchmark interview is not valid: " + result.errors());
            }
            return c;
        }
    }

    @Benchmark
    public ValidationResult householdValidateNode(Interviews s) {
        return s.household.questionnaire().validate(s.household.node(), "en");
    }

    @Benchmark
    public ValidationResult householdValidateBytes(Interviews s) {
        return s.household.questionnaire().validate(s.household.bytes(), "en");
    }

    @Benchmark
    public ValidationResult migrationValidateNode(Interviews s) {
        return s.migration.questionnaire().validate(s.migration.node(), "en");
    }

    @Benchmark
    public ValidationResult migrationValidateBytes(Interviews s) {
        return s.migration.questionnaire().validate(s.migration.bytes(), "en");
    }

    @Benchmark
    public ValidationResult fixtureValidateNode(Interviews s) {
        return s.fixture.questionnaire().validate(s.fixture.node(), "en");
    }

    @Benchmark
    public ValidationResult fixtureValidateBytes(Interviews s) {
        return s.fixture.questionnaire().validate(s.fixture.bytes(), "en");
    }

    // ---- the generated fixture ----

    private static Case fixtureCase() {
        Questionnaire questionnaire;
        try (InputStream in = ValidationBenchmark.class.getResourceAsStream("household-fixture.json")) {
            questionnaire = Questionnaire.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode answers = householdInterview();
        try {
            byte[] bytes = MAPPER.writeValueAsBytes(answers);
            return new Case(questionnaire, bytes, read(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An 8-member household with two emigrants and remittances, valid for household-fixture.json. */
    static ObjectNode householdInterview() {
        String[] names = {"Awa", "Moussa", "Fatou", "Ibrahima", "Aminata", "Ousmane", "Mariama", "Cheikh"};
        int[] ages = {52, 47, 23, 19, 14, 11, 8, 3};
        ObjectNode answers = MAPPER.createObjectNode();
        answers.put("hh_no", 17);
        answers.put("head_name", "Awa Diallo");
        answers.put("phone", "+221 77 123 45 67");
        answers.put("interview_date", "2025-03-14");
        ArrayNode roster = answers.putArray("roster");
        for (int i = 0; i < names.length; i++) {
            ObjectNode member = roster.addObject();
            member.put("line_no", i + 1);
            member.put("name", names[i]);
            member.put("sex", i % 2 == 0 ? 2 : 1);
            member.put("age", ages[i]);
            member.put("relationship", i == 0 ? 1 : i == 1 ? 2 : 3);
            member.put("birth_country", "SEN");
            if (ages[i] > 14) {
                member.put("marital_status", ages[i] > 40 ? 2 : 1);
            }
            if (ages[i] >= 6) {
                member.put("literate", ages[i] < 50 ? 1 : 2);
                member.put("education", ages[i] < 50 ? 2 : 0);
                ArrayNode activities = member.putArray("activities");
                if (ages[i] < 20) {
                    activities.add(5);
                } else {
                    activities.add(1).add(2);
                }
            }
        }
        answers.put("has_emigrant", 1);
        ArrayNode emigrants = answers.putArray("emigrants");
        emigrants.addObject().put("name", "Abdou").put("sex", 1).put("age_at_departure", 24).put("year_left", 2019)
                .put("destination", "FRA").put("reason", 1).put("sends_money", 1);
        emigrants.addObject().put("name", "Khady").put("sex", 2).put("age_at_departure", 21).put("year_left", 2022)
                .put("destination", "ESP").put("reason", 2).put("sends_money", 2);
        answers.put("remit_amount", 850000);
        answers.put("remit_currency", "XOF");
        return answers;
    }

    private static JsonNode read(byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
