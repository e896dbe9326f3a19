package org.fieldsync.server.sampling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fieldsync.sampling.Plan;
import org.fieldsync.sampling.Planner;
import org.fieldsync.sampling.SampleSize;
import org.fieldsync.sampling.SamplingException;
import org.fieldsync.sampling.StratumSummary;
import org.fieldsync.server.sampling.SamplingViews.PlanView;
import org.fieldsync.server.sampling.SamplingViews.Precision;
import org.fieldsync.server.sampling.SamplingViews.StratumView;
import org.fieldsync.server.sampling.SamplingViews.Totals;

/**
 * What a sampler sees before freezing: per stratum, the frame's counts, the PSUs allocated, the migrant and control
 * households the design expects to interview, the households to list, and the minimum detectable difference (MDD)
 * between migrant and control proportions.
 *
 * <p>The MDD is the sampling library's {@link SampleSize#minimumDetectableDifference}: the smallest difference a
 * two-sided test of size α detects with the given power, for n = the smaller expected group, around proportion p,
 * with the design effect of a cluster of b households per PSU, deff = 1 + (b − 1)ρ (b = the larger of the migrant
 * and control takes; conservative). It is null where fewer than two households per group are expected.
 */
public final class PlanPreview {
  private PlanPreview() {}

  public static PlanView of(String id, String surveyId, Plan plan, Precision precision, Instant at, String by) {
    double take = Math.max(1, Math.max(plan.design().migrantTake(), plan.design().controlTake()));
    List<StratumView> strata = new ArrayList<>();
    int eas = 0;
    int psus = 0;
    double mig = 0;
    double ctrl = 0;
    long load = 0;
    for (StratumSummary s : plan.strata()) {
      strata.add(new StratumView(s.id(), s.stratum().domain(), s.stratum().classLabel(), s.stratum().eas(),
          s.stratum().households(), s.stratum().migrantHouseholds(), s.stratum().prevalence(), s.selectedPsus(),
          s.certaintyEas(), s.expectedMigrant(), s.expectedControl(), s.listingLoad(),
          mdd(Math.min(s.expectedMigrant(), s.expectedControl()), take, precision)));
      eas += s.stratum().eas();
      psus += s.selectedPsus();
      mig += s.expectedMigrant();
      ctrl += s.expectedControl();
      load += s.listingLoad();
    }
    Totals totals = new Totals(eas, strata.size(), psus, mig, ctrl, load, mdd(Math.min(mig, ctrl), take, precision));
    return new PlanView(id, surveyId, plan.frame().sha256(), "draft", Long.toString(plan.seed()),
        plan.design().toMap(), precision, totals, strata, plan.warnings(), Planner.LIBRARY_VERSION, at, by, null,
        null);
  }

  private static Double mdd(double n, double take, Precision p) {
    if (n < 2) {
      return null;
    }
    try {
      return SampleSize.minimumDetectableDifference(n, p.p(), p.alpha(), p.power(),
          SampleSize.deffCluster(take, p.rho()));
    } catch (SamplingException e) {
      return null;
    }
  }
}
