package org.fieldsync.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.fieldsync.server.FieldsyncServer;
import org.fieldsync.server.cli.Demo;
import org.fieldsync.server.config.ConfigLoader;
import org.fieldsync.server.simulation.Report;
import org.fieldsync.server.simulation.Simulation;

/**
 * The repeated-simulation check (issue 7, docs/performance.md): runs the small simulated survey with seeds 1..N on one
 * in-process server (embedded store), each with its own population, sample and fieldwork, and counts how often each
 * estimate's 95 % confidence interval from the export's R script covers the population's true value. Every run must
 * also pass all its checks.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.fieldsync.benchmarks.SimulationRepeatDriver /tmp/simrep 40</pre>
 */
public final class SimulationRepeatDriver {
  private SimulationRepeatDriver() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/fieldsync-simulations");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int first = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Files.createDirectories(dir);
    var config = ConfigLoader.load(null, Map.of(), Map.of("http.port", "0", "http.host", "127.0.0.1",
        "store.data-dir", dir.resolve("store").toString(), "auth.argon2.memory-kib", "1024",
        "auth.argon2.iterations", "1"));
    Map<String, int[]> covered = new LinkedHashMap<>(); // name -> {covered, runs}
    Map<String, double[]> error = new LinkedHashMap<>(); // name -> {sum (est - truth) / truth, sum of se / truth}
    int failed = 0;
    long t0 = System.nanoTime();
    try (FieldsyncServer server = FieldsyncServer.start(config)) {
      Demo.seed(server.services());
      String base = "http://127.0.0.1:" + server.port();
      for (int seed = first; seed < first + runs; seed++) {
        long t = System.nanoTime();
        Simulation.Options o = Simulation.Options.small(dir.resolve("run-" + seed), seed)
            .withSurvey("rep-" + seed + "-" + Long.toString(System.currentTimeMillis() % 100000, 36));
        Report r = new Simulation(base, o, line -> { }).run("admin", "admin-demo-pass");
        if (!r.passed()) {
          failed++;
          System.out.println("run " + seed + ": a check failed\n" + r.toText());
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "run %3d (%4.1f s):", seed,
            (System.nanoTime() - t) / 1e9));
        for (Report.Estimate e : r.estimates()) {
          int[] c = covered.computeIfAbsent(e.name(), k -> new int[2]);
          c[0] += e.covers() ? 1 : 0;
          c[1]++;
          double[] s = error.computeIfAbsent(e.name(), k -> new double[2]);
          s[0] += (e.estimate() - e.truth()) / e.truth();
          s[1] += e.se() / e.truth();
          line.append(e.covers() ? " +" : " -");
        }
        System.out.println(line);
      }
    }
    System.out.printf(Locale.ROOT, "%n%d runs in %.0f s, %d with a failed check%n", runs,
        (System.nanoTime() - t0) / 1e9, failed);
    System.out.printf(Locale.ROOT, "%-58s %9s %12s %12s%n", "estimate", "covered", "mean rel.err", "mean rel.SE");
    int all = 0;
    int n = 0;
    for (var e : covered.entrySet()) {
      int[] c = e.getValue();
      double[] s = error.get(e.getKey());
      all += c[0];
      n += c[1];
      System.out.printf(Locale.ROOT, "%-58s %4d/%-4d %11.2f%% %11.2f%%%n", e.getKey(), c[0], c[1],
          100 * s[0] / c[1], 100 * s[1] / c[1]);
    }
    System.out.printf(Locale.ROOT, "all intervals: %d of %d cover the truth (%.1f %%)%n", all, n, 100.0 * all / n);
  }
}
