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
 * interval: t with the design's degrees of freedom for the total, Korn and Graubard's ({@code svyciprop(method =
 * "beta")}) for the shares, whose Wald intervals under-cover in small domains (docs/walkthrough.md).
 */
final class Estimates {
  static final String SCRIPT = """
      suppressMessages(source("import.R"))
      options(survey.lonely.psu = "adjust")
      row <- function(name, est, se, low, high) data.frame(name = name, estimate = est, se = se, low = low,
          high = high)
      prop <- function(name, formula, des) {
        ci <- svyciprop(formula, des, method = "beta")
        row(name, as.numeric(coef(ci)), as.numeric(SE(ci)), confint(ci)[[1]], confint(ci)[[2]])
      }
      design <- update(design, remit = as.numeric(as.integer(remit_12m) == 1),
          emig = as.numeric(as.integer(has_emigrant) == 1))
      resp <- subset(design, !is.na(weight_nr) & weight_nr > 0 & !is.na(remit))
      out <- list()
      t <- svytotal(~one, update(sample_design, one = 1))
      q <- qt(0.975, degf(sample_design))
      out[[1]] <- row("households", coef(t)[[1]], SE(t)[[1]], coef(t)[[1]] - q * SE(t)[[1]],
          coef(t)[[1]] + q * SE(t)[[1]])
      out[[2]] <- prop("share of households with an emigrant abroad", ~emig, resp)
      out[[3]] <- prop("share of households receiving remittances", ~remit, resp)
      kids <- merge(person, household[, c("interview_id", "var_stratum", "var_psu", "weight_nr", "has_emigrant")],
          by = "interview_id")
      kids <- kids[!is.na(kids$weight_nr) & kids$weight_nr > 0, ]
      kids$attend <- as.numeric(as.integer(kids$attending_school) == 1)
      kids$mig <- ifelse(as.integer(kids$has_emigrant) == 1, "migrant", "other")
      pdes <- svydesign(ids = ~var_psu, strata = ~var_stratum, weights = ~weight_nr, data = kids, nest = TRUE)
      out[[4]] <- prop("school attendance, children 6-14, emigrant household", ~attend,
          subset(pdes, age >= 6 & age <= 14 & mig == "migrant"))
      out[[5]] <- prop("school attendance, children 6-14, other households", ~attend,
          subset(pdes, age >= 6 & age <= 14 & mig == "other"))
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
