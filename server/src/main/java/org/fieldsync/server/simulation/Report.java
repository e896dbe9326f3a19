package org.fieldsync.server.simulation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What a simulation did and whether each stage checked out: counts, checks, estimates against the truth. */
public final class Report {
  /** One check: what was checked, whether it held, and the figures behind it. */
  public record Check(String name, boolean ok, String detail) {}

  /** One estimate from the export's R script, with its 95 % confidence interval and the population's true value. */
  public record Estimate(String name, double estimate, double se, double low, double high, double truth) {
    public boolean covers() {
      return low <= truth && truth <= high;
    }
  }

  private final Map<String, Number> counts = new LinkedHashMap<>();
  private final List<Check> checks = new ArrayList<>();
  private final List<Estimate> estimates = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final Map<String, String> paths = new LinkedHashMap<>();

  synchronized void count(String name, long n) {
    counts.put(name, n);
  }

  synchronized void value(String name, double x) {
    counts.put(name, x);
  }

  synchronized void check(String name, boolean ok, String detail) {
    checks.removeIf(c -> c.name().equals(name));
    checks.add(new Check(name, ok, detail));
  }

  synchronized boolean checked(String name) {
    return checks.stream().anyMatch(c -> c.name().equals(name) && c.ok());
  }

  synchronized void estimate(Estimate e) {
    estimates.add(e);
  }

  synchronized void note(String text) {
    notes.add(text);
  }

  synchronized void path(String name, Path p) {
    paths.put(name, p.toAbsolutePath().toString());
  }

  public synchronized Map<String, Number> counts() {
    return Map.copyOf(counts);
  }

  public synchronized List<Check> checks() {
    return List.copyOf(checks);
  }

  public synchronized List<Estimate> estimates() {
    return List.copyOf(estimates);
  }

  /** Every check held (the estimates are judged over repeated runs, not here). */
  public synchronized boolean passed() {
    return checks.stream().allMatch(Check::ok);
  }

  public synchronized JsonObject toJson() {
    JsonObject c = new JsonObject();
    counts.forEach(c::put);
    JsonArray ch = new JsonArray();
    checks.forEach(x -> ch.add(new JsonObject().put("name", x.name()).put("ok", x.ok()).put("detail", x.detail())));
    JsonArray es = new JsonArray();
    estimates.forEach(e -> es.add(new JsonObject().put("name", e.name()).put("estimate", e.estimate())
        .put("se", e.se()).put("low", e.low()).put("high", e.high()).put("truth", e.truth())
        .put("covers", e.covers())));
    JsonObject p = new JsonObject();
    paths.forEach(p::put);
    return new JsonObject().put("passed", passed()).put("counts", c).put("checks", ch).put("estimates", es)
        .put("notes", new JsonArray(new ArrayList<>(notes))).put("paths", p);
  }

  /** A plain-text summary for a terminal. */
  public synchronized String toText() {
    StringBuilder s = new StringBuilder();
    counts.forEach((k, v) -> s.append(String.format(Locale.ROOT, "  %-72s %s%n", k,
        v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v)));
    s.append(System.lineSeparator()).append("Checks:").append(System.lineSeparator());
    checks.forEach(c -> s.append(c.ok() ? "  ok    " : "  FAIL  ").append(c.name()).append(" (").append(c.detail())
        .append(')').append(System.lineSeparator()));
    if (!estimates.isEmpty()) {
      s.append(System.lineSeparator()).append(String.format(Locale.ROOT, "  %-53s %8s %7s %19s %8s%n",
          "Estimates (R, survey package)", "estimate", "SE", "95 % CI", "truth"));
      estimates.forEach(e -> {
        int decimals = Math.abs(e.truth()) >= 100 ? 0 : 3; // totals whole, shares to a thousandth
        s.append(String.format(Locale.ROOT, "  %-53s %8." + decimals + "f %7." + decimals + "f [%8." + decimals
            + "f, %8." + decimals + "f] %8." + decimals + "f %s%n", e.name(), e.estimate(), e.se(), e.low(),
            e.high(), e.truth(), e.covers() ? "covered" : "NOT covered"));
      });
    }
    notes.forEach(n -> s.append("  note: ").append(n).append(System.lineSeparator()));
    paths.forEach((k, v) -> s.append("  ").append(k).append(": ").append(v).append(System.lineSeparator()));
    return s.toString();
  }
}
