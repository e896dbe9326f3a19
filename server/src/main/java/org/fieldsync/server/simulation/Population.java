package org.fieldsync.server.simulation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.fieldsync.server.sampling.SyntheticCensus;

/**
 * The synthetic population of the Republic of Meridia behind the simulated survey: <b>every household and person is
 * made up</b>, generated from the synthetic census frame ({@link SyntheticCensus}) so that migration stays clustered
 * by region, district and EA as the frame has it. Because every value is known, the survey's estimates can be checked
 * against the truth ({@link #truth()}).
 *
 * <p>In each EA of the frame the population has the households an enumerator finds walking it today (a few percent
 * more or fewer than the census counted), each with its members (sex, age, relationship, schooling, marital status,
 * activity), whether someone left to live abroad and is still there, whether a member came back from abroad, whether
 * a member was born abroad, and whether the household received remittances in the last 12 months. School attendance
 * of children depends on the area (urban or rural) and on migration: remittances pay school fees, an absent parent
 * without remittances pulls children into work — so children in households with an emigrant attend school at a
 * different rate from the others, which is the comparison a left-behind-children module exists for.
 *
 * <p>The listing records the screening answers as the household gave them on the doorstep: a few emigrant households
 * do not mention the member abroad, and a few others mention a relative who is not a household member, so the type at
 * listing differs from the type found at the interview for some households (the listing, not the interview, decides
 * the take class). Deterministic for a seed: the same seed gives the same people.
 */
public final class Population {
  /** Children of these ages are the school-attendance population. */
  public static final int SCHOOL_AGE_FROM = 6;
  public static final int SCHOOL_AGE_TO = 14;

  /** One member: roster answers of the household questionnaire. */
  public record Person(int line, int sex, int age, int relationship, Integer attending, Integer education,
      Integer marital, Integer activity) {
    /** A child of school age ({@link #SCHOOL_AGE_FROM}–{@link #SCHOOL_AGE_TO}). */
    public boolean schoolAge() {
      return age >= SCHOOL_AGE_FROM && age <= SCHOOL_AGE_TO;
    }

    public boolean attendingNow() {
      return attending != null && attending == 1;
    }
  }

  /**
   * One household, with what is true and what the listing recorded. {@code emigrants}, {@code returnees} and
   * {@code immigrants} are member counts (0 when the household has none).
   */
  public record Household(String eaId, int line, boolean emigrant, boolean returned, boolean immigrant,
      int emigrants, int returnees, int immigrants, boolean remittances, List<Person> members,
      boolean listedEmigrant, boolean listedReturned, boolean listedImmigrant) {
    /** The type by priority (EMIG > RET > IMM > NON), as found at the interview. */
    public String type() {
      return type(emigrant, returned, immigrant);
    }

    /** The type the listing recorded. */
    public String listedType() {
      return type(listedEmigrant, listedReturned, listedImmigrant);
    }

    static String type(boolean emig, boolean ret, boolean imm) {
      return emig ? "EMIG" : ret ? "RET" : imm ? "IMM" : "NON";
    }
  }

  /** Population totals the survey estimates. */
  public record Truth(long households, long remittanceHouseholds, long emigrantHouseholds,
      long schoolAgeMigrant, long attendingMigrant, long schoolAgeOther, long attendingOther) {
    public double remittanceShare() {
      return (double) remittanceHouseholds / households;
    }

    public double emigrantShare() {
      return (double) emigrantHouseholds / households;
    }

    /** School attendance of children of school age in households with an emigrant abroad. */
    public double attendanceMigrant() {
      return (double) attendingMigrant / schoolAgeMigrant;
    }

    /** School attendance of children of school age in the other households. */
    public double attendanceOther() {
      return (double) attendingOther / schoolAgeOther;
    }
  }

  private final List<SyntheticCensus.Ea> frame;
  private final Map<String, SyntheticCensus.Ea> byId = new HashMap<>();
  private final long seed;

  public Population(List<SyntheticCensus.Ea> frame, long seed) {
    this.frame = List.copyOf(frame);
    this.seed = seed;
    frame.forEach(e -> byId.put(e.eaId(), e));
  }

  public List<SyntheticCensus.Ea> frame() {
    return frame;
  }

  public SyntheticCensus.Ea ea(String eaId) {
    SyntheticCensus.Ea ea = byId.get(eaId);
    if (ea == null) {
      throw new IllegalArgumentException("EA " + eaId + " is not in the frame");
    }
    return ea;
  }

  /** The households living in an EA today, in walk order (line 1 first). */
  public List<Household> households(String eaId) {
    SyntheticCensus.Ea ea = ea(eaId);
    SplittableRandom area = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ eaId.hashCode());
    int n = ea.households() == 0 ? 0 : Math.max(1, (int) Math.round(ea.households() * (1 + 0.06 * gaussian(area))));
    double total = Math.max(1, ea.households());
    double pEmig = clamp(ea.emigrantHouseholds() / total * (1 + 0.2 * gaussian(area)), 0, 0.9);
    double pRet = clamp(ea.returnHouseholds() / total * (1 + 0.2 * gaussian(area)), 0, 0.9);
    double pImm = clamp(ea.immigrantHouseholds() / total * (1 + 0.2 * gaussian(area)), 0, 0.9);
    boolean urban = ea.domain().endsWith("-U");
    List<Household> out = new ArrayList<>(n);
    for (int line = 1; line <= n; line++) {
      SplittableRandom r = area.split();
      out.add(household(r, eaId, line, urban, r.nextDouble() < pEmig, r.nextDouble() < pRet, r.nextDouble() < pImm));
    }
    return out;
  }

  private static Household household(SplittableRandom r, String eaId, int line, boolean urban, boolean emig,
      boolean ret, boolean imm) {
    boolean remit = r.nextDouble() < (emig ? 0.72 : ret ? 0.18 : 0.05);
    List<Person> members = new ArrayList<>();
    int headAge = 22 + r.nextInt(54);
    int headSex = emig && r.nextDouble() < 0.55 ? 2 : r.nextDouble() < 0.2 ? 2 : 1; // a wife heads when he is away
    members.add(adult(r, 1, headSex, headAge, 1, urban));
    boolean spouse = r.nextDouble() < (emig && headSex == 2 ? 0.15 : 0.78);
    if (spouse) {
      members.add(adult(r, members.size() + 1, 3 - headSex, Math.max(18, headAge - 4 + r.nextInt(9)), 2, urban));
    }
    int children = headAge > 60 ? r.nextInt(3) : (urban ? r.nextInt(4) : r.nextInt(6));
    for (int c = 0; c < children; c++) {
      int age = Math.max(0, Math.min(headAge - 16, r.nextInt(Math.max(1, Math.min(25, headAge - 15)))));
      members.add(child(r, members.size() + 1, age, urban, emig, remit));
    }
    if (r.nextDouble() < 0.15) {
      members.add(adult(r, members.size() + 1, 1 + r.nextInt(2), 65 + r.nextInt(25), 6, urban));
    }
    if (headAge > 45 && r.nextDouble() < 0.2) {
      members.add(child(r, members.size() + 1, r.nextInt(12), urban, emig, remit)); // a grandchild left in care
      members.set(members.size() - 1, withRelationship(members.get(members.size() - 1), 5));
    }
    boolean listedEmig = emig ? r.nextDouble() >= 0.05 : r.nextDouble() < 0.015;
    return new Household(eaId, line, emig, ret, imm, emig ? 1 + r.nextInt(3) : 0, ret ? 1 + r.nextInt(2) : 0,
        imm ? 1 + r.nextInt(2) : 0, remit, List.copyOf(members), listedEmig, ret, imm);
  }

  private static Person withRelationship(Person p, int relationship) {
    return new Person(p.line(), p.sex(), p.age(), relationship, p.attending(), p.education(), p.marital(),
        p.activity());
  }

  private static Person adult(SplittableRandom r, int line, int sex, int age, int relationship, boolean urban) {
    int education = urban ? 2 + r.nextInt(6) : 1 + r.nextInt(4);
    Integer attending = age <= 24 ? (r.nextDouble() < 0.3 ? 1 : 2) : null;
    int marital = relationship <= 2 ? 2 : age > 70 ? 6 : 1 + r.nextInt(2);
    int activity = age >= 65 ? 5 : sex == 2 && r.nextDouble() < 0.4 ? 4 : r.nextDouble() < 0.85 ? 1 : 2;
    return new Person(line, sex, age, relationship, attending, education, marital, activity);
  }

  private static Person child(SplittableRandom r, int line, int age, boolean urban, boolean emig, boolean remit) {
    int sex = 1 + r.nextInt(2);
    Integer attending = null;
    Integer education = null;
    if (age >= 5) {
      double p = (urban ? 0.93 : 0.81) + (remit ? 0.05 : 0) - (emig && !remit ? 0.09 : 0) - (age > 14 ? 0.25 : 0);
      boolean now = r.nextDouble() < clamp(p, 0, 0.99);
      attending = age > 24 ? null : now ? 1 : (age > 7 && r.nextDouble() < 0.6 ? 2 : 3);
      education = attending == 3 ? 1 : age < 12 ? 2 : age < 15 ? 3 + r.nextInt(2) : 4 + r.nextInt(2);
    }
    Integer marital = age >= 12 ? 1 : null;
    Integer activity = age >= 15 ? (attending != null && attending == 1 ? 3 : 1 + r.nextInt(2)) : null;
    return new Person(line, sex, age, 3, attending, education, marital, activity);
  }

  /** The population totals, over every household of every EA in the frame. */
  public Truth truth() {
    long households = 0;
    long remit = 0;
    long emig = 0;
    long kidsMig = 0;
    long attMig = 0;
    long kidsOther = 0;
    long attOther = 0;
    for (SyntheticCensus.Ea ea : frame) {
      for (Household h : households(ea.eaId())) {
        households++;
        remit += h.remittances() ? 1 : 0;
        emig += h.emigrant() ? 1 : 0;
        for (Person p : h.members()) {
          if (p.schoolAge()) {
            if (h.emigrant()) {
              kidsMig++;
              attMig += p.attendingNow() ? 1 : 0;
            } else {
              kidsOther++;
              attOther += p.attendingNow() ? 1 : 0;
            }
          }
        }
      }
    }
    return new Truth(households, remit, emig, kidsMig, attMig, kidsOther, attOther);
  }

  static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  private static double clamp(double x, double lo, double hi) {
    return Math.max(lo, Math.min(hi, x));
  }
}
