package org.fieldsync.server.simulation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The analyst's step: R with the {@code survey} package runs the export's own {@code import.R} (which declares the
 * design) and then {@code estimates.R}, written here, which estimates what the population's truth is known for — the
 * number of households, the share of households with an emigrant abroad, the share receiving remittances, and school
 * attendance of children aged 6–14 with and without an emigrant in the household — each with a 95 % confidence
 * interval (t with the design's degrees of freedom).
 */
final class Estimates {
  static final String SCRIPT = """
      suppressMessages(source("import.R"))
      options(survey.lonely.psu = "adjust")
      df <- degf(design)
      row <- function(name, est, se) data.frame(name = name, estimate = est, se = se,
          low = est - qt(0.975, df) * se, high = est + qt(0.975, df) * se)
      design <- update(design, remit = as.numeric(as.integer(remit_12m) == 1),
          emig = as.numeric(as.integer(has_emigrant) == 1))
      resp <- subset(design, !is.na(weight_nr) & weight_nr > 0 & !is.na(remit))
      out <- list()
      t <- svytotal(~one, update(sample_design, one = 1))
      out[[1]] <- row("households", coef(t)[[1]], SE(t)[[1]])
      m <- svymean(~emig, resp)
      out[[2]] <- row("share of households with an emigrant abroad", coef(m)[[1]], SE(m)[[1]])
      m <- svymean(~remit, resp)
      out[[3]] <- row("share of households receiving remittances", coef(m)[[1]], SE(m)[[1]])
      kids <- merge(person, household[, c("interview_id", "var_stratum", "var_psu", "weight_nr", "has_emigrant")],
          by = "interview_id")
      kids <- kids[!is.na(kids$weight_nr) & kids$weight_nr > 0, ]
      kids$attend <- as.numeric(as.integer(kids$attending_school) == 1)
      kids$mig <- ifelse(as.integer(kids$has_emigrant) == 1, "migrant", "other")
      pdes <- svydesign(ids = ~var_psu, strata = ~var_stratum, weights = ~weight_nr, data = kids, nest = TRUE)
      school <- subset(pdes, age >= 6 & age <= 14)
      by <- svyby(~attend, ~mig, school, svymean)
      out[[4]] <- row("school attendance, children 6-14, emigrant household", by["migrant", "attend"],
          by["migrant", "se"])
      out[[5]] <- row("school attendance, children 6-14, other households", by["other", "attend"], by["other", "se"])
      write.csv(do.call(rbind, out), "estimates.csv", row.names = FALSE)
      """;

  private Estimates() {}

  /** Runs the estimates in the unzipped export folder and adds them, with the truth, to the report. */
  static void run(String rscript, Path dir, Population.Truth truth, Report report) throws IOException {
    Files.writeString(dir.resolve("estimates.R"), SCRIPT);
    Process p;
    try {
      p = new ProcessBuilder(rscript, "--vanilla", "estimates.R").directory(dir.toFile()).redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      report.note("R (" + rscript + ") is not installed: the estimates were not computed (Debian: r-base-core "
          + "r-cran-survey)");
      return;
    }
    String output;
    try {
      output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        report.check("the export's R script ran", false, output);
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    report.check("the export's R script ran", true, "import.R and estimates.R with the survey package");
    List<Map<String, String>> rows = Records.of(Files.readString(dir.resolve("estimates.csv")));
    double[] truths = {truth.households(), truth.emigrantShare(), truth.remittanceShare(), truth.attendanceMigrant(),
        truth.attendanceOther()};
    for (int i = 0; i < rows.size(); i++) {
      Map<String, String> r = rows.get(i);
      report.estimate(new Report.Estimate(r.get("name"), Double.parseDouble(r.get("estimate")),
          Double.parseDouble(r.get("se")), Double.parseDouble(r.get("low")), Double.parseDouble(r.get("high")),
          truths[i]));
    }
  }
}
