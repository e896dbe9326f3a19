package org.fieldsync.server.sampling;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the sampling API shows: frames, plans with their preview, selected EAs, listing results. */
public final class SamplingViews {
  private SamplingViews() {}

  /** An uploaded census frame, identified by the SHA-256 of its bytes. */
  public record FrameView(String sha256, String surveyId, String name, long bytes, int eas, List<Exclusion> excluded,
      Instant uploadedAt, String uploadedBy) {}

  /** An EA left out of the frame, and why (zero households, or flagged {@code exclude}). */
  public record Exclusion(int line, String eaId, String reason) {}

  /**
   * A plan: draft (a preview that can be looked at and compared) or frozen (the survey's sample, immutable).
   *
   * @param seed the master seed, as a string (a 64-bit integer)
   * @param design the design parameters as the sampling library records them
   */
  public record PlanView(String id, String surveyId, String frameSha256, String status, String seed,
      Map<String, Object> design, Precision precision, Totals totals, List<StratumView> strata,
      List<String> warnings, String libraryVersion, Instant createdAt, String createdBy, Instant frozenAt,
      String frozenBy) {}

  /** Assumptions for the minimum detectable difference: proportion, intra-cluster correlation, test size, power. */
  public record Precision(double p, double rho, double alpha, double power) {
    public static final Precision DEFAULT = new Precision(0.5, 0.05, 0.05, 0.8);
  }

  /**
   * One stratum of a plan: the frame's counts, the allocation and what the design expects to achieve.
   *
   * @param expectedMigrant expected migrant households interviewed (before nonresponse)
   * @param expectedControl expected control (non-migrant) households interviewed
   * @param listingLoad households to list in the selected EAs (census counts)
   * @param mdd minimum detectable difference between migrant and control proportions, or null when too few
   */
  public record StratumView(String id, String domain, String prevalenceClass, int eas, long households,
      long migrantHouseholds, double prevalence, int psus, int certaintyEas, double expectedMigrant,
      double expectedControl, long listingLoad, Double mdd) {}

  /** The whole plan's expectations. */
  public record Totals(int eas, int strata, int psus, double expectedMigrant, double expectedControl,
      long listingLoad, Double mdd) {}

  /**
   * A selected EA (PSU) of a frozen plan and where its listing stands.
   *
   * @param status {@code listing} (waiting for its listing) or {@code selected} (listed, households selected)
   */
  public record SampleEaView(String psuId, String eaId, String stratum, double pi1, boolean certainty, int hits,
      String teamId, String enumerator, String status, List<ClassView> classes, Instant listedAt) {}

  /** One take class in a listed EA: households listed, taken, π2 and how (absent, take-all, systematic). */
  public record ClassView(String takeClass, String group, int listed, int take, Double pi2, String status) {}

  /** The answer to a listing upload: the EA's selection and the interview assignments it created. */
  public record ListingResult(SampleEaView ea, int householdsListed, int assignmentsCreated, boolean created) {}
}
