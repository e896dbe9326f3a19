package org.fieldsync.forms.export;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * A rough speed and memory check of {@link Flattener}, not a unit test: flattens the shipped household example
 * {@code valid-1.json} (8 persons, 2 visits) N times (default 100,000) into discarding writers, with GPS
 * coarsening and two extra columns, and prints interviews per second and the heap used after a GC every N/10
 * interviews, which should stay flat. Run from {@code forms/} after {@code mvn -o -pl forms test-compile}:
 * <pre>
 * java -cp target/classes:target/test-classes:$(cat cp.txt) org.fieldsync.forms.export.FlattenerThroughput 100000
 * </pre>
 * with {@code cp.txt} from {@code mvn -o -q -pl forms dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class FlattenerThroughput {
    private FlattenerThroughput() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        ExportSchema schema = ExportSchema.of(List.of(ExportFixtures.shipped("household")), IdentifyingPolicy.DROP,
                List.of(new ExtraColumn("stratum", VariableType.INTEGER, Map.of("en", "Stratum")),
                        new ExtraColumn("weight", VariableType.NUMBER, Map.of("en", "Weight"))));
        JsonNode answers = ExportFixtures.example("household", "valid-1.json");
        Map<String, Object> extra = Map.of("stratum", 3, "weight", 152.25);
        Runtime runtime = Runtime.getRuntime();
        long start = System.nanoTime();
        try (Flattener flattener = new Flattener(schema, level -> Writer.nullWriter())) {
            for (int i = 1; i <= n; i++) {
                flattener.writeInterview("interview-" + i, 1, 1, answers, extra);
                if (i % Math.max(1, n / 10) == 0) {
                    System.gc();
                    System.out.printf("%,d interviews, heap used %,d kB%n", i,
                            (runtime.totalMemory() - runtime.freeMemory()) / 1024);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%,d interviews (%,d person rows) in %.2f s: %,.0f interviews/s%n", n,
                    flattener.rows("person"), seconds, n / seconds);
        }
    }
}
