package org.fieldsync.server.sampling;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A synthetic census of a fictional country, the "Republic of Meridia", for the demo, the docs and the tests.
 * <b>Every number is made up</b>: it resembles a migration-sending country closely enough to exercise a
 * migrant-versus-control design, and nothing more.
 *
 * <p>Meridia has five regions, each split into urban and rural parts (ten domains). Migration is clustered the way
 * it is in real sending countries: each region has a base emigration rate (the Highlands and the North send many
 * emigrants, the Capital few), each district inside a region has its own random level around it (migration runs
 * through village networks), and each enumeration area (EA) varies again around its district. Return migrants
 * follow emigration at about 40 %; immigrants concentrate in the Capital and the coast. About 0.5 % of EAs have no
 * households at all (uninhabited or non-residential), as real frames do.
 *
 * <p>The frame is deterministic for a seed. Its CSV columns are those of the sampling specification
 * ({@code ea_id, domain, sort_keys, census_hh, census_emig_hh, census_ret_hh, census_imm_hh}) plus the EA centroid
 * ({@code lat, lon}) that supervision uses to flag GPS points far from their EA.
 */
public final class SyntheticCensus {
  /** One EA of the synthetic frame. */
  public record Ea(String eaId, String domain, String sortKeys, int households, int emigrantHouseholds,
      int returnHouseholds, int immigrantHouseholds, double lat, double lon) {}

  private record Region(String code, String name, double emigration, double immigration, double lat, double lon,
      int districts) {}

  private static final List<Region> REGIONS = List.of(
      new Region("CAP", "Capital", 0.02, 0.07, 12.10, -3.40, 6),
      new Region("COA", "Coast", 0.07, 0.04, 11.20, -4.60, 8),
      new Region("CEN", "Centre", 0.05, 0.01, 13.00, -2.20, 10),
      new Region("NOR", "North", 0.14, 0.01, 14.60, -2.90, 9),
      new Region("HIG", "Highlands", 0.20, 0.005, 13.80, -1.10, 7));

  /** The CSV header of {@link #frameCsv}. */
  public static final String HEADER =
      "ea_id,domain,sort_keys,census_hh,census_emig_hh,census_ret_hh,census_imm_hh,lat,lon";

  private SyntheticCensus() {}

  /** The demo frame: about {@code eas} EAs over the ten domains. */
  public static List<Ea> frame(int eas, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Ea> out = new ArrayList<>(eas);
    int perRegion = eas / REGIONS.size();
    for (Region region : REGIONS) {
      double[] districtLevel = new double[region.districts()];
      for (int d = 0; d < districtLevel.length; d++) {
        // log-normal district effect: a few districts with several times the regional rate
        districtLevel[d] = region.emigration() * Math.exp(0.8 * gaussian(random) - 0.32);
      }
      for (int k = 0; k < perRegion; k++) {
        int district = k * region.districts() / perRegion;
        boolean urban = region.code().equals("CAP") ? random.nextDouble() < 0.85 : random.nextDouble() < 0.25;
        String domain = region.code() + "-" + (urban ? "U" : "R");
        int households = random.nextDouble() < 0.005 ? 0 : (int) Math.round(
            (urban ? 160 : 110) * Math.exp(0.3 * gaussian(random)));
        double emigration = clamp(districtLevel[district] * Math.exp(0.5 * gaussian(random)) * (urban ? 0.7 : 1.1),
            0, 0.6);
        double returns = clamp(emigration * (0.4 + 0.1 * gaussian(random)), 0, 0.3);
        double immigration = clamp(region.immigration() * (urban ? 1.6 : 0.5) * Math.exp(0.6 * gaussian(random)),
            0, 0.4);
        int emig = binomial(random, households, emigration);
        int ret = Math.min(households - emig, binomial(random, households, returns));
        int imm = Math.min(households - emig - ret, binomial(random, households, immigration));
        String eaId = String.format(Locale.ROOT, "%s-D%02d-%04d", region.code(), district + 1, k + 1);
        String sortKeys = String.format(Locale.ROOT, "%s/D%02d/%s/%04d", region.code(), district + 1,
            urban ? "U" : "R", k + 1);
        double lat = region.lat() + 0.3 * (district - region.districts() / 2.0) / region.districts()
            + 0.02 * gaussian(random);
        double lon = region.lon() + 0.4 * random.nextDouble() - 0.2;
        out.add(new Ea(eaId, domain, sortKeys, households, emig, ret, imm, round(lat), round(lon)));
      }
    }
    return out;
  }

  /** The demo frame as CSV (header {@link #HEADER}). */
  public static String frameCsv(int eas, long seed) {
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    for (Ea ea : frame(eas, seed)) {
      csv.append(ea.eaId()).append(',').append(ea.domain()).append(',').append(ea.sortKeys()).append(',')
          .append(ea.households()).append(',').append(ea.emigrantHouseholds()).append(',')
          .append(ea.returnHouseholds()).append(',').append(ea.immigrantHouseholds()).append(',')
          .append(ea.lat()).append(',').append(ea.lon()).append('\n');
    }
    return csv.toString();
  }

  /**
   * A synthetic listing of one EA: the households an enumerator would find walking it, in walk order, with the
   * listing screen's answers. The count and the mix drift from the census (the census is a few years old), so the
   * listing is not a copy of the frame. Columns: {@code ea_id, line, has_emigrant, has_return, has_immigrant}
   * (1 yes, 0 no; a household may answer yes to several, the type is decided by priority when it is classified).
   */
  public static String listingCsv(Ea ea, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ ea.eaId().hashCode());
    int n = ea.households() == 0 ? 0 : Math.max(1, (int) Math.round(ea.households()
        * (1 + 0.06 * gaussian(random))));
    double total = Math.max(1, ea.households());
    double pEmig = clamp(ea.emigrantHouseholds() / total * (1 + 0.2 * gaussian(random)), 0, 1);
    double pRet = clamp(ea.returnHouseholds() / total * (1 + 0.2 * gaussian(random)), 0, 1);
    double pImm = clamp(ea.immigrantHouseholds() / total * (1 + 0.2 * gaussian(random)), 0, 1);
    StringBuilder csv = new StringBuilder("ea_id,line,has_emigrant,has_return,has_immigrant\n");
    for (int line = 1; line <= n; line++) {
      csv.append(ea.eaId()).append(',').append(line).append(',')
          .append(random.nextDouble() < pEmig ? 1 : 0).append(',')
          .append(random.nextDouble() < pRet ? 1 : 0).append(',')
          .append(random.nextDouble() < pImm ? 1 : 0).append('\n');
    }
    return csv.toString();
  }

  private static int binomial(SplittableRandom random, int n, double p) {
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (random.nextDouble() < p) {
        k++;
      }
    }
    return k;
  }

  private static double gaussian(SplittableRandom random) {
    // Box-Muller; SplittableRandom has no nextGaussian on Java 17
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static double clamp(double x, double lo, double hi) {
    return Math.max(lo, Math.min(hi, x));
  }

  private static double round(double x) {
    return Math.round(x * 1e5) / 1e5;
  }
}
