package org.fieldsync.server.cli;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.fieldsync.sampling.Design;
import org.fieldsync.sampling.Frame;
import org.fieldsync.sampling.FrameImport;
import org.fieldsync.sampling.FrameRow;
import org.fieldsync.sampling.Listing;
import org.fieldsync.sampling.ListingImport;
import org.fieldsync.sampling.Plan;
import org.fieldsync.sampling.PlanRecord;
import org.fieldsync.sampling.Planner;
import org.fieldsync.sampling.SamplingException;
import org.fieldsync.sampling.SecondStageSelection;
import org.fieldsync.sampling.SelectedHousehold;
import org.fieldsync.server.sampling.PlanPreview;
import org.fieldsync.server.sampling.SamplingViews.PlanView;
import org.fieldsync.server.sampling.SamplingViews.Precision;
import org.fieldsync.server.sampling.SamplingViews.StratumView;
import org.fieldsync.server.sampling.SyntheticCensus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fieldsync sample ...}: the sampling library on files, without a server: plan a sample from a frame and a
 * design, replay a stored plan, select households from listings, and make the synthetic demo census.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Sample planning on files.",
    subcommands = {SampleCommands.PlanCommand.class, SampleCommands.Replay.class, SampleCommands.Select.class,
        SampleCommands.DemoFrame.class, SampleCommands.DemoListing.class})
final class SampleCommands {
  private SampleCommands() {}

  @Command(name = "plan", mixinStandardHelpOptions = true,
      description = "Plan a sample: stratify, allocate, select EAs. Prints a per-stratum summary; writes the plan "
          + "record (frame hash, parameters, seed, every start) for replay.")
  static final class PlanCommand implements Callable<Integer> {
    @Option(names = "--frame", required = true, description = "Census frame CSV (docs/sampling.md).")
    Path frame;

    @Option(names = "--design", required = true, description = "Design JSON (members left out take defaults).")
    Path design;

    @Option(names = "--seed", required = true, description = "Master seed (64-bit integer).")
    long seed;

    @Option(names = "--out", defaultValue = "plan.json", description = "Where to write the plan record.")
    Path out;

    @Override
    public Integer call() throws IOException {
      Frame f = readFrame(frame, System.err);
      if (f == null) {
        return 1;
      }
      Design d;
      try {
        d = Design.fromPartialMap(new JsonObject(Files.readString(design)).getMap());
      } catch (SamplingException | io.vertx.core.json.DecodeException e) {
        System.err.println("fieldsync: " + design + ": " + e.getMessage());
        return 1;
      }
      long t0 = System.nanoTime();
      Plan plan;
      try {
        plan = new Planner().plan(f, d, seed);
      } catch (SamplingException e) {
        System.err.println("fieldsync: cannot plan: " + e.getMessage());
        return 1;
      }
      System.err.printf(Locale.ROOT, "planned in %.2f s%n", (System.nanoTime() - t0) / 1e9);
      Files.writeString(out, new JsonObject(plan.record().toMap()).encodePrettily());
      printSummary(System.out, plan);
      System.out.println("plan record written to " + out + " (replay: fieldsync sample replay --plan " + out
          + " --frame " + frame + ")");
      return 0;
    }
  }

  /** A stored plan record and the frame it was made from: the options of every command that replays a plan. */
  static final class PlanFiles {
    @Option(names = "--plan", required = true, description = "Plan record (written by sample plan).")
    Path plan;

    @Option(names = "--frame", required = true, description = "The census frame the plan was made from.")
    Path frame;

    /** The plan, replayed from its stored starts; null (problems printed) if the frame does not read. */
    Plan replay() throws IOException {
      Frame f = readFrame(frame, System.err);
      return f == null ? null
          : new Planner().replay(PlanRecord.fromMap(new JsonObject(Files.readString(plan)).getMap()), f);
    }
  }

  @Command(name = "replay", mixinStandardHelpOptions = true,
      description = "Replay a plan record from its stored starts and check that it reproduces the plan exactly.")
  static final class Replay implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    PlanFiles files = new PlanFiles();

    @Override
    public Integer call() throws IOException {
      try {
        Plan p = files.replay();
        if (p == null) {
          return 1;
        }
        printSummary(System.out, p);
        System.out.println("replayed from the stored starts: identical strata, order, allocation and selection");
        return 0;
      } catch (SamplingException e) {
        System.err.println("fieldsync: replay failed (" + e.code() + "): " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "select", mixinStandardHelpOptions = true,
      description = "Select households in listed EAs (second stage) and write them with pi1, pi2 and base weight.")
  static final class Select implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    PlanFiles files = new PlanFiles();

    @Option(names = "--listing", required = true, description = "Listing CSV of one or more EAs.")
    Path listing;

    @Option(names = "--out", defaultValue = "households.csv")
    Path out;

    @Override
    public Integer call() throws IOException {
      ListingImport.Result listings = ListingImport.csv(Files.readAllBytes(listing));
      if (!listings.ok()) {
        listings.problems().forEach(p -> System.err.println(listing + ": " + p));
        return 1;
      }
      try {
        Plan p = files.replay();
        if (p == null) {
          return 1;
        }
        Planner planner = new Planner();
        StringBuilder csv = new StringBuilder("ea_id,psu_id,stratum,line,household_id,type,take_class,group,pi1,pi2,"
            + "base_weight\n");
        System.out.printf("%-20s %-18s %8s %8s  %s%n", "EA", "stratum", "listed", "selected", "per class");
        for (Listing l : listings.listings().values()) {
          SecondStageSelection s = planner.selectHouseholds(p, l);
          for (SelectedHousehold h : s.households()) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%s,%s,%s,%s,%.17g,%.17g,%.17g%n", h.eaId(), h.psuId(),
                h.stratum(), h.line(), h.householdId(), h.type(), h.takeClass(), h.group().name().toLowerCase(),
                h.pi1(), h.pi2(), h.baseWeight()));
          }
          List<String> perClass = new ArrayList<>();
          s.classes().forEach(c -> perClass.add(c.takeClass() + " " + c.take() + "/" + c.listed()));
          System.out.printf("%-20s %-18s %8d %8d  %s%n", s.eaId(), s.stratum(), l.households().size(),
              s.households().size(), String.join(", ", perClass));
        }
        Files.writeString(out, csv.toString());
        System.out.println("selected households written to " + out);
        return 0;
      } catch (SamplingException e) {
        System.err.println("fieldsync: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "demo-frame", mixinStandardHelpOptions = true,
      description = "Write the synthetic census frame of the fictional Republic of Meridia (made-up numbers).")
  static final class DemoFrame implements Callable<Integer> {
    @Option(names = "--eas", defaultValue = "1200")
    int eas;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(names = "--out", description = "File to write (default: standard output).")
    Path out;

    @Override
    public Integer call() throws IOException {
      String csv = SyntheticCensus.frameCsv(eas, seed);
      if (out == null) {
        System.out.print(csv);
      } else {
        Files.writeString(out, csv);
      }
      return 0;
    }
  }

  @Command(name = "demo-listing", mixinStandardHelpOptions = true,
      description = "Write synthetic listings for the EAs a plan selected (or for named EAs) of a frame.")
  static final class DemoListing implements Callable<Integer> {
    @Option(names = "--frame", required = true)
    Path frame;

    @Option(names = "--plan", description = "List every EA this plan record selected.")
    Path plan;

    @Option(names = "--ea", description = "An EA to list (repeatable).")
    List<String> eas = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Override
    public Integer call() throws IOException {
      Frame f = readFrame(frame, System.err);
      if (f == null) {
        return 1;
      }
      List<String> ids = new ArrayList<>(eas);
      if (plan != null) {
        Plan p = new Planner().replay(PlanRecord.fromMap(new JsonObject(Files.readString(plan)).getMap()), f);
        p.selections().forEach(s -> ids.add(s.eaId()));
      }
      StringBuilder csv = new StringBuilder();
      for (String id : ids) {
        int i = f.indexOf(id);
        if (i < 0) {
          System.err.println("fieldsync: EA " + id + " is not in the frame");
          return 1;
        }
        FrameRow r = f.row(i);
        String one = SyntheticCensus.listingCsv(new SyntheticCensus.Ea(r.eaId(), r.domain(), r.sortKeys(),
            (int) r.censusHh(), (int) r.censusEmigHh(), (int) r.censusRetHh(), (int) r.censusImmHh(), 0, 0), seed);
        csv.append(csv.length() == 0 ? one : one.substring(one.indexOf('\n') + 1));
      }
      System.out.print(csv);
      return 0;
    }
  }

  /** Reads a frame with a progress bar on the terminal; prints every problem and returns null if there is any. */
  static Frame readFrame(Path file, PrintStream progress) throws IOException {
    long size = Files.size(file);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.min(size, Integer.MAX_VALUE - 8));
    boolean bar = System.console() != null && size > 4 << 20;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] chunk = new byte[1 << 20];
      long read = 0;
      int n;
      while ((n = in.read(chunk)) > 0) {
        buffer.write(chunk, 0, n);
        read += n;
        if (bar) {
          int filled = (int) (30 * read / size);
          progress.printf(Locale.ROOT, "\rreading %s [%s%s] %3d%%", file.getFileName(), "#".repeat(filled),
              " ".repeat(30 - filled), 100 * read / size);
        }
      }
    }
    if (bar) {
      progress.println();
    }
    FrameImport.Result result = FrameImport.csv(buffer.toByteArray());
    if (!result.ok()) {
      result.problems().forEach(p -> progress.println(file + ": " + p));
      progress.println(result.problems().size() + " problems in " + file);
      return null;
    }
    result.exclusions().forEach(e -> progress.println(file + ": line " + e.line() + ": EA " + e.eaId()
        + " excluded (" + e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")"));
    progress.printf(Locale.ROOT, "frame %s: %,d EAs, sha256 %s%n", file.getFileName(), result.frame().size(),
        result.sha256());
    return result.frame();
  }

  /** The per-stratum table: counts, PSUs, expected migrant and control households, listing load, MDD. */
  static void printSummary(PrintStream out, Plan plan) {
    PlanView v = PlanPreview.of("-", "-", plan, Precision.DEFAULT, Instant.EPOCH, "cli");
    out.printf("%-22s %7s %9s %6s %5s %4s %9s %9s %9s %6s%n", "stratum", "EAs", "hh", "prev", "PSUs", "cert",
        "exp.mig", "exp.ctrl", "to list", "MDD");
    for (StratumView s : v.strata()) {
      out.printf(Locale.ROOT, "%-22s %7d %9d %6.3f %5d %4d %9.1f %9.1f %9d %6s%n", s.id(), s.eas(), s.households(),
          s.prevalence(), s.psus(), s.certaintyEas(), s.expectedMigrant(), s.expectedControl(), s.listingLoad(),
          s.mdd() == null ? "-" : String.format(Locale.ROOT, "%.3f", s.mdd()));
    }
    var t = v.totals();
    out.printf(Locale.ROOT, "%-22s %7d %9s %6s %5d %4s %9.1f %9.1f %9d %6s%n", "total", t.eas(), "", "", t.psus(), "",
        t.expectedMigrant(), t.expectedControl(), t.listingLoad(),
        t.mdd() == null ? "-" : String.format(Locale.ROOT, "%.3f", t.mdd()));
    out.println("seed " + plan.seed() + "; MDD at p=0.5, rho=0.05, alpha=0.05, power=0.8");
    plan.warnings().forEach(w -> out.println("warning: " + w));
  }
}
