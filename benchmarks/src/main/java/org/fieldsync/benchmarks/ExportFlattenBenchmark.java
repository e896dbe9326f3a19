package org.fieldsync.benchmarks;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fieldsync.forms.Questionnaire;
import org.fieldsync.forms.ShippedQuestionnaires;
import org.fieldsync.forms.export.ExportSchema;
import org.fieldsync.forms.export.Flattener;
import org.fieldsync.forms.export.IdentifyingPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Flattening one interview for the export on one core (issue 6): the export benchmark's interview (the shipped
 * household example with 22 members, about 200 answered variables) parsed strictly into a tree and flattened
 * ({@code tree}), or flattened as it is parsed ({@code streamed}, what the export does for answers accepted at
 * upload). Both write the same rows (StreamingFlattenerTest); the writers discard them.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ExportFlattenBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@State(Scope.Thread)
public class ExportFlattenBenchmark {
  private byte[] answers;
  private Flattener flattener;

  @Setup
  public void setUp() throws IOException {
    answers = UploadLoadDriver.household(22);
    ExportSchema schema = ExportSchema.of(List.of(Questionnaire.parse(ShippedQuestionnaires.read("household"))),
        IdentifyingPolicy.DROP, List.of());
    flattener = new Flattener(schema, level -> Writer.nullWriter(), false);
  }

  @TearDown
  public void tearDown() {
    flattener.close();
  }

  @Benchmark
  public long tree() {
    flattener.writeInterview("i", 1, 1, Questionnaire.parseAnswers(answers), null);
    return flattener.rows("household");
  }

  @Benchmark
  public long streamed() throws IOException {
    try (JsonParser parser = Questionnaire.answersParser(answers)) {
      flattener.writeInterview("i", 1, 1, parser, null);
    }
    return flattener.rows("household");
  }
}
