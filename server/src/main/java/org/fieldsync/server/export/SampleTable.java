package org.fieldsync.server.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.fieldsync.forms.Code;
import org.fieldsync.forms.export.CsvWriter;
import org.fieldsync.forms.export.ExtraColumn;
import org.fieldsync.forms.export.VariableType;
import org.fieldsync.sampling.Design;
import org.fieldsync.sampling.DesignVariables;
import org.fieldsync.sampling.HouseholdType;
import org.fieldsync.sampling.NonresponseAdjustment;
import org.fieldsync.sampling.SamplingException;
import org.fieldsync.sampling.SelectedHousehold;
import org.fieldsync.server.assignment.AssignmentView;
import org.fieldsync.server.interview.InterviewStore;
import org.fieldsync.server.monitoring.Disposition;
import org.fieldsync.server.monitoring.ReviewState;

/**
 * The sample of an export: every sampled household of the survey's frozen plan (its interview assignments) with its
 * design (stratum, EA, PSU, variance stratum and PSU, type at listing, take class, group, π1, π2, base weight), its
 * current interview (the most recently received revision of the most recently received interview, as coverage
 * counts it) with the disposition, review state and type found, and the nonresponse-adjusted weight.
 *
 * <p>Weights follow ../shared/sampling/SPEC.md sections 6 to 8 through the sampling library: variance strata and
 * PSUs from {@link DesignVariables}, the adjustment from {@link NonresponseAdjustment}, each run per stratum (cells
 * never cross strata) so that a stratum that cannot be adjusted yet — no respondent so far — leaves its weights
 * empty with a warning instead of failing the export. A household is a <em>respondent</em> when its current
 * revision is approved and complete or partial: exactly the respondents whose rows the clean export holds. A complete
 * interview not (yet) approved counts as an eligible nonrespondent of this export; refusal and non-contact are
 * nonrespondents; not eligible and vacant are ineligible; not visited and other are of unknown eligibility.
 *
 * <p>Memory: one slot per household in primitive arrays, strings only through dictionaries, about a hundred bytes a
 * household (a million-household sample in ~100 MB).
 */
final class SampleTable {
  /** Dispositions of the sample file: the seven of coverage, then {@code not_visited}. */
  private static final String[] DISPOSITIONS = {"complete", "partial", "refusal", "non_contact", "not_eligible",
      "vacant", "other", "not_visited"};
  private static final String[] NR = {"respondent", "nonrespondent", "ineligible", "unknown"};
  private static final int RESPONDENT = 0;
  private static final int NONRESPONDENT = 1;
  private static final int INELIGIBLE = 2;
  private static final int UNKNOWN = 3;
  private static final HouseholdType[] TYPES = HouseholdType.values();
  private static final ReviewState[] REVIEWS = ReviewState.values();

  private final String planId;
  private final String hhPrefix;
  private final Dict strata = new Dict();
  private final Dict psus = new Dict();
  private final Dict eas = new Dict();
  private final Dict classes = new Dict();
  private final Dict varStrata = new Dict();
  private final Dict cells = new Dict();
  private final LongIntMap index = new LongIntMap(1 << 16);
  private final Map<String, Integer> otherIds = new HashMap<>();
  private final Map<Integer, String> otherInterviewIds = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private int singlePsuStrata;
  private int zeroVarianceStrata;

  private int n;
  private int[] stratum = new int[0];
  private int[] psu = new int[0];
  private int[] ea = new int[0];
  private int[] takeClass = new int[0];
  private int[] line = new int[0];
  private int[] varStratum = new int[0];
  private int[] cell = new int[0];
  private int[] revision = new int[0];
  private final StringColumn householdId = new StringColumn();
  private String[] varPsu = new String[0];
  private byte[] type = new byte[0];
  private byte[] control = new byte[0];
  private byte[] certainty = new byte[0];
  private byte[] disposition = new byte[0];
  private byte[] review = new byte[0];
  private byte[] typeFound = new byte[0];
  private byte[] nr = new byte[0];
  private byte[] inData = new byte[0];
  private double[] pi1 = new double[0];
  private double[] pi2 = new double[0];
  private double[] base = new double[0];
  private double[] adjusted = new double[0];
  private long[] current = new long[0];
  /** The storage order of the current revision: {@link #observe}'s {@code order}, -1 before any. */
  private long[] received = new long[0];
  private long[] uuidHigh = new long[0];
  private long[] uuidLow = new long[0];
  private long unmatched;
  private int assignedCount;
  private byte[] assigned = new byte[0];

  SampleTable(String planId) {
    this.planId = planId;
    this.hhPrefix = planId + ":hh:";
  }

  /**
   * Adds a sampled household (an interview assignment of the plan). Thread-safe, and in any order with
   * {@link #observe}: the assignments and the revisions are read by two threads at once.
   */
  synchronized void add(AssignmentView a) {
    int s = slotFor(a.id(), a.eaId());
    AssignmentView.Household h = a.household();
    assigned[s] = 1;
    assignedCount++;
    stratum[s] = strata.id(a.stratum());
    ea[s] = eas.id(a.eaId());
    takeClass[s] = classes.id(h.takeClass());
    line[s] = h.line();
    householdId.set(s, h.householdId());
    type[s] = (byte) HouseholdType.valueOf(h.type()).ordinal();
    control[s] = (byte) ("control".equals(h.group()) ? 1 : 0);
    certainty[s] = (byte) (h.certaintyEa() ? 1 : 0);
    pi1[s] = a.pi1();
    pi2[s] = a.pi2() == null ? Double.NaN : a.pi2();
    base[s] = a.baseWeight() == null ? Double.NaN : a.baseWeight();
  }

  /** The slot of an assignment id, made (with nothing known yet) if it has none. */
  private int slotFor(String assignmentId, String eaId) {
    int known = slotOf(assignmentId);
    if (known >= 0) {
      return known;
    }
    if (n == stratum.length) {
      grow(Math.max(1024, n * 2));
    }
    int s = n++;
    String psuId = psuOf(assignmentId);
    psu[s] = psus.id(psuId == null ? (eaId == null ? assignmentId : eaId) : psuId);
    line[s] = psuId == null ? 0 : lineOf(assignmentId);
    disposition[s] = (byte) (DISPOSITIONS.length - 1);
    review[s] = -1;
    received[s] = -1;
    typeFound[s] = -1;
    varStratum[s] = -1;
    cell[s] = -1;
    adjusted[s] = Double.NaN;
    if (psuId != null) {
      index.put(key(psu[s], line[s]), s);
    } else {
      otherIds.put(assignmentId, s);
    }
    return s;
  }

  /** @return how many households the sample has */
  synchronized int size() {
    return assignedCount;
  }

  /** A revision's review state as stored (pending review where none is recorded). */
  static ReviewState reviewState(InterviewStore.Summary s) {
    ReviewState state = s.review() == null ? ReviewState.initial(s.status()) : ReviewState.fromWire(s.review());
    return state == null ? ReviewState.PENDING_REVIEW : state;
  }

  /**
   * Takes a stored revision into account: of the revisions of a household, the one latest in storage order is its
   * current one (as in coverage), whatever order they are observed in. A revision of no sampled household is counted
   * in a warning.
   *
   * @param order the revision's place in storage order (any increasing numbering, not negative)
   * @return the slot of the revision's household, for {@link #included(int, long)} once settled
   */
  synchronized int observe(InterviewStore.Scanned scanned, long order) {
    InterviewStore.Summary s = scanned.summary();
    int slot = slotFor(s.assignmentId(), s.eaId());
    if (order < received[slot]) {
      return slot; // received before the revision already taken: slices of storage order are read at once
    }
    received[slot] = order;
    current[slot] = hash(scanned.storageId());
    revision[slot] = s.revision();
    disposition[slot] = (byte) Disposition.of(s.disposition()).ordinal();
    review[slot] = (byte) reviewState(s).ordinal();
    typeFound[slot] = (byte) typeOf(s.householdTypeFound());
    try {
      UUID uuid = UUID.fromString(s.interviewId());
      if (uuid.toString().equals(s.interviewId())) {
        uuidHigh[slot] = uuid.getMostSignificantBits();
        uuidLow[slot] = uuid.getLeastSignificantBits();
        otherInterviewIds.remove(slot);
        return slot;
      }
    } catch (IllegalArgumentException e) {
      // not a canonical UUID: kept as text
    }
    otherInterviewIds.put(slot, s.interviewId());
    return slot;
  }

  /**
   * Decides who is in the data and who responded, then computes the variance design variables and the adjusted
   * weights, stratum by stratum.
   *
   * @param includeAll whether the data hold every household's current revision (else only approved ones)
   */
  synchronized void settle(boolean includeAll) {
    for (int s = 0; s < n; s++) {
      if (assigned[s] == 0) {
        unmatched++;
        inData[s] = 0;
        continue;
      }
      boolean interviewed = review[s] >= 0;
      boolean approved = interviewed && REVIEWS[review[s]].approved();
      inData[s] = (byte) (interviewed && (includeAll || approved) ? 1 : 0);
      nr[s] = (byte) switch (interviewed ? Disposition.values()[disposition[s]] : Disposition.OTHER) {
        case COMPLETE, PARTIAL -> approved ? RESPONDENT : NONRESPONDENT;
        case REFUSAL, NON_CONTACT -> NONRESPONDENT;
        case NOT_ELIGIBLE, VACANT -> INELIGIBLE;
        case OTHER -> UNKNOWN;
      };
    }
    if (unmatched > 0) {
      warnings.add(unmatched + " household(s) with stored interviews are not interview assignments of plan " + planId
          + ": their interviews are not in the export");
    }
    List<List<Integer>> byStratum = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      if (assigned[s] == 0) {
        continue;
      }
      while (byStratum.size() <= stratum[s]) {
        byStratum.add(new ArrayList<>());
      }
      byStratum.get(stratum[s]).add(s);
    }
    for (int st = 0; st < byStratum.size(); st++) {
      designVariables(strata.name(st), byStratum.get(st));
      adjust(strata.name(st), byStratum.get(st));
    }
  }

  private void designVariables(String stratumId, List<Integer> slots) {
    List<SelectedHousehold> sample = new ArrayList<>(slots.size());
    for (int s : slots) {
      sample.add(selected(s));
    }
    DesignVariables dv = DesignVariables.allowingSinglePsu(sample);
    List<DesignVariables.Row> rows = dv.rows();
    for (int i = 0; i < slots.size(); i++) {
      varStratum[slots.get(i)] = varStrata.id(rows.get(i).varStratum());
      varPsu[slots.get(i)] = rows.get(i).varPsu();
    }
    zeroVarianceStrata += dv.zeroVarianceStrata().size();
    for (String single : dv.singlePsuStrata()) {
      singlePsuStrata++;
      warnings.add("stratum " + stratumId + ": variance stratum " + single + " has a single PSU (a take of 1 in a "
          + "certainty EA): its variance cannot be estimated; import.R counts it with survey.lonely.psu = \"adjust\""
          + " (conservative); collapse it with another stratum for a better estimate");
    }
  }

  /**
   * How the R script's {@code svydesign} should count variance strata with a single PSU: {@code "adjust"}
   * (conservative) if any is not a take-all certainty cell, else {@code "certainty"} (no variance, as SPEC section
   * 8 says of take-all cells) if there are take-all cells, else null (none).
   */
  String lonelyPsu() {
    return singlePsuStrata > 0 ? "adjust" : zeroVarianceStrata > 0 ? "certainty" : null;
  }

  private void adjust(String stratumId, List<Integer> slots) {
    List<NonresponseAdjustment.Case> cases = new ArrayList<>(slots.size());
    for (int s : slots) {
      cases.add(NonresponseAdjustment.Case.of(selected(s), String.valueOf(s),
          NonresponseAdjustment.Disposition.values()[nr[s]]));
    }
    try {
      List<NonresponseAdjustment.Adjusted> result = NonresponseAdjustment.adjust(cases).cases();
      for (int i = 0; i < slots.size(); i++) {
        adjusted[slots.get(i)] = result.get(i).weight();
        cell[slots.get(i)] = cells.id(result.get(i).cell());
      }
    } catch (SamplingException e) {
      warnings.add("stratum " + stratumId + ": weights not adjusted for nonresponse, weight_nr left empty ("
          + e.getMessage() + ")");
    }
  }

  private SelectedHousehold selected(int s) {
    return new SelectedHousehold(psus.name(psu[s]), eas.name(ea[s]), strata.name(stratum[s]), line[s],
        householdId.get(s), TYPES[type[s]], classes.name(takeClass[s]),
        control[s] == 1 ? Design.Group.CONTROL : Design.Group.MIGRANT, certainty[s] == 1, pi1[s],
        (int) Math.round(base[s] * pi1[s] * pi2[s]), pi2[s], base[s]);
  }

  /** The slot of an assignment, or -1. */
  int slotOf(String assignmentId) {
    String psuId = psuOf(assignmentId);
    if (psuId != null) {
      int p = psus.find(psuId);
      if (p >= 0) {
        int slot = index.get(key(p, lineOf(assignmentId)));
        if (slot >= 0) {
          return slot;
        }
      }
    }
    return otherIds.getOrDefault(assignmentId, -1);
  }

  /**
   * Whether a revision is its household's current one and in the data (after {@link #settle}).
   *
   * @param slot the household's slot, as {@link #observe} gave it
   * @param storageHash {@link #hash} of the revision's storage id
   */
  boolean included(int slot, long storageHash) {
    return slot >= 0 && inData[slot] == 1 && current[slot] == storageHash;
  }

  /** @return warnings for the manifest: strata left unadjusted, revisions of no household */
  List<String> warnings() {
    return warnings;
  }

  /** How many households are in the data. */
  long inData() {
    long count = 0;
    for (int s = 0; s < n; s++) {
      count += inData[s];
    }
    return count;
  }

  // ---- columns

  /** The design columns added to the household (root) level, in order. */
  static List<ExtraColumn> householdColumns() {
    List<ExtraColumn> c = new ArrayList<>();
    c.add(text("assignment_id", "Assignment (sampled household)", "Affectation (ménage échantillonné)"));
    c.addAll(designColumns());
    c.add(coded("disposition", "Final disposition of the visit", "Résultat final de la visite", DISPOSITIONS,
        DISPOSITION_EN, DISPOSITION_FR));
    c.add(coded("review_state", "Review state of this revision", "État de la révision",
        Arrays.stream(REVIEWS).map(ReviewState::wire).toArray(String[]::new), REVIEW_EN, REVIEW_FR));
    c.add(number("weight_nr", "Weight adjusted for nonresponse (0 for nonrespondents)",
        "Poids corrigé de la non-réponse (0 pour les non-répondants)"));
    c.add(text("nr_cell", "Nonresponse weighting cell", "Classe de correction de la non-réponse"));
    return c;
  }

  /** The columns of {@code sample.csv}, in order. */
  static List<ExtraColumn> sampleColumns() {
    List<ExtraColumn> c = new ArrayList<>();
    c.add(text("assignment_id", "Assignment (sampled household)", "Affectation (ménage échantillonné)"));
    c.add(text("household_id", "Household id at listing", "Identifiant du ménage au dénombrement"));
    c.add(integer("line", "Listing line", "Ligne du dénombrement"));
    c.addAll(designColumns());
    c.add(text("interview_id", "Current interview (empty: not visited)", "Entretien courant (vide : non visité)"));
    c.add(integer("revision", "Its revision", "Sa révision"));
    c.add(coded("disposition", "Final disposition of the visit", "Résultat final de la visite", DISPOSITIONS,
        DISPOSITION_EN, DISPOSITION_FR));
    c.add(coded("review_state", "Review state of the current revision", "État de la révision courante",
        Arrays.stream(REVIEWS).map(ReviewState::wire).toArray(String[]::new), REVIEW_EN, REVIEW_FR));
    c.add(coded("nr_status", "Status for the nonresponse adjustment", "Statut pour la correction de la non-réponse",
        NR, new String[] {"Respondent", "Eligible nonrespondent", "Ineligible", "Unknown eligibility"},
        new String[] {"Répondant", "Non-répondant éligible", "Non éligible", "Éligibilité inconnue"}));
    c.add(text("nr_cell", "Nonresponse weighting cell", "Classe de correction de la non-réponse"));
    c.add(number("weight_nr", "Weight adjusted for nonresponse (0 for nonrespondents)",
        "Poids corrigé de la non-réponse (0 pour les non-répondants)"));
    c.add(integer("in_data", "1 if the household's interview is in the data files", "1 si l'entretien est exporté"));
    return c;
  }

  private static List<ExtraColumn> designColumns() {
    String[] types = Arrays.stream(TYPES).map(Enum::name).toArray(String[]::new);
    String[] typeEn = {"Emigrant household", "Return-migrant household", "Immigrant household", "Non-migrant (control)"};
    String[] typeFr = {"Ménage d'émigrés", "Ménage de migrants de retour", "Ménage d'immigrés",
        "Ménage non migrant (témoin)"};
    return List.of(
        text("stratum", "Design stratum", "Strate"),
        text("ea", "Enumeration area", "Zone de dénombrement"),
        text("psu", "Primary sampling unit", "Unité primaire"),
        text("var_stratum", "Variance stratum", "Strate de variance"),
        text("var_psu", "Variance PSU", "Unité primaire de variance"),
        coded("type_listed", "Household type at listing", "Type de ménage au dénombrement", types, typeEn, typeFr),
        coded("type_found", "Household type found at interview", "Type de ménage constaté", types, typeEn, typeFr),
        coded("group", "Sample group", "Groupe", new String[] {"migrant", "control"},
            new String[] {"Migrant", "Control"}, new String[] {"Migrant", "Témoin"}),
        text("take_class", "Take class", "Classe de tirage"),
        integer("certainty", "1 if the EA was selected with certainty", "1 si la ZD est autoreprésentative"),
        number("pi1", "First-stage inclusion probability", "Probabilité d'inclusion au premier degré"),
        number("pi2", "Second-stage inclusion probability", "Probabilité d'inclusion au second degré"),
        number("weight_base", "Base weight 1/(pi1 pi2)", "Poids de base 1/(pi1 pi2)"));
  }

  private static final String[] DISPOSITION_EN = {"Complete", "Partial", "Refusal", "Non-contact", "Not eligible",
      "Vacant", "Other", "Not visited"};
  private static final String[] DISPOSITION_FR = {"Complet", "Partiel", "Refus", "Non-contact", "Non éligible",
      "Vacant", "Autre", "Non visité"};
  private static final String[] REVIEW_EN = {"Pending review", "Approved by supervisor", "Approved by manager",
      "Rejected", "Quarantined"};
  private static final String[] REVIEW_FR = {"En attente", "Approuvé par le superviseur", "Approuvé par le gestionnaire",
      "Rejeté", "En quarantaine"};

  // ---- values

  /**
   * The design values of a household row, by column: what {@link #householdCells} writes as text (kept as its
   * reference, SampleTableTest).
   */
  Map<String, Object> householdValues(int s) {
    Map<String, Object> v = new HashMap<>(32);
    v.put("assignment_id", assignmentId(s));
    design(s, v);
    v.put("disposition", DISPOSITIONS[disposition[s]]);
    v.put("review_state", review[s] < 0 ? null : REVIEWS[review[s]].wire());
    v.put("weight_nr", number(adjusted[s]));
    v.put("nr_cell", cell[s] < 0 ? null : cells.name(cell[s]));
    return v;
  }

  /** The names of {@link #householdColumns()}, in order. */
  static final List<String> HOUSEHOLD_COLUMNS = householdColumns().stream().map(ExtraColumn::name).toList();
  private static final String[] SAMPLE_COLUMNS = sampleColumns().stream().map(ExtraColumn::name)
      .toArray(String[]::new);

  /**
   * Appends the household design cells of slot {@code s}, each after its comma, in {@link #householdColumns()}
   * order: what {@code Flattener.extraCells(schema, householdValues(s))} gives, without the map.
   */
  void householdCells(int s, StringBuilder out) {
    for (String column : HOUSEHOLD_COLUMNS) {
      out.append(',').append(CsvWriter.field(cell(s, column)));
    }
  }

  /** Writes {@code sample.csv}: its header, then one row per household in assignment order. */
  void writeCsv(CsvWriter out) {
    out.writeRow(SAMPLE_COLUMNS);
    for (int s : assignmentOrder()) {
      for (String column : SAMPLE_COLUMNS) {
        out.cell(cell(s, column));
      }
      out.endRow();
    }
  }

  /**
   * The text of column {@code column} of {@code sample.csv} or of the household file's design columns for slot
   * {@code s} ("" when it has no value): the values of {@link #householdValues} as cells, and those of the sample.
   */
  private String cell(int s, String column) {
    String text = switch (column) {
      case "assignment_id" -> assignmentId(s);
      case "household_id" -> householdId.get(s);
      case "line" -> Integer.toString(line[s]);
      case "stratum" -> strata.name(stratum[s]);
      case "ea" -> eas.name(ea[s]);
      case "psu" -> psus.name(psu[s]);
      case "var_stratum" -> varStratum[s] < 0 ? null : varStrata.name(varStratum[s]);
      case "var_psu" -> varPsu[s];
      case "type_listed" -> TYPES[type[s]].name();
      case "type_found" -> typeFound[s] < 0 ? null : TYPES[typeFound[s]].name();
      case "group" -> control[s] == 1 ? "control" : "migrant";
      case "take_class" -> classes.name(takeClass[s]);
      case "certainty" -> Byte.toString(certainty[s]);
      case "pi1" -> number(pi1[s]);
      case "pi2" -> number(pi2[s]);
      case "weight_base" -> number(base[s]);
      case "interview_id" -> review[s] < 0 ? null : interviewId(s);
      case "revision" -> review[s] < 0 ? null : Integer.toString(revision[s]);
      case "review_state" -> review[s] < 0 ? null : REVIEWS[review[s]].wire();
      case "disposition" -> DISPOSITIONS[disposition[s]];
      case "nr_status" -> NR[nr[s]];
      case "nr_cell" -> cell[s] < 0 ? null : cells.name(cell[s]);
      case "weight_nr" -> number(adjusted[s]);
      case "in_data" -> Byte.toString(inData[s]);
      default -> throw new IllegalArgumentException("no column " + column);
    };
    return text == null ? "" : text;
  }

  /**
   * The sampled households' slots in assignment order (PSU, then listing line): slots are made in whatever order the
   * two reading threads meet households, the file must not depend on it.
   */
  private int[] assignmentOrder() {
    Integer[] order = new Integer[assignedCount];
    int k = 0;
    for (int s = 0; s < n; s++) {
      if (assigned[s] == 1) {
        order[k++] = s;
      }
    }
    java.util.Arrays.sort(order, java.util.Comparator.<Integer, String>comparing(s -> psus.name(psu[s]))
        .thenComparingInt(s -> line[s]));
    return java.util.Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }

  private void design(int s, Map<String, Object> v) {
    v.put("stratum", strata.name(stratum[s]));
    v.put("ea", eas.name(ea[s]));
    v.put("psu", psus.name(psu[s]));
    v.put("var_stratum", varStratum[s] < 0 ? null : varStrata.name(varStratum[s]));
    v.put("var_psu", varPsu[s]);
    v.put("type_listed", TYPES[type[s]].name());
    v.put("type_found", typeFound[s] < 0 ? null : TYPES[typeFound[s]].name());
    v.put("group", control[s] == 1 ? "control" : "migrant");
    v.put("take_class", classes.name(takeClass[s]));
    v.put("certainty", certainty[s]);
    v.put("pi1", number(pi1[s]));
    v.put("pi2", number(pi2[s]));
    v.put("weight_base", number(base[s]));
  }

  private String assignmentId(int s) {
    return hhPrefix + psus.name(psu[s]) + ":" + line[s];
  }

  private String interviewId(int s) {
    String other = otherInterviewIds.get(s);
    return other != null ? other : new UUID(uuidHigh[s], uuidLow[s]).toString();
  }

  /** A double as the shortest text that reads back to it; NaN as an empty cell. */
  private static String number(double d) {
    return Double.isNaN(d) ? null : Double.toString(d);
  }

  // ---- helpers

  private String psuOf(String assignmentId) {
    int last = assignmentId.lastIndexOf(':');
    if (!assignmentId.startsWith(hhPrefix) || last <= hhPrefix.length() || lineOf(assignmentId) < 0) {
      return null;
    }
    return assignmentId.substring(hhPrefix.length(), last);
  }

  private static int lineOf(String assignmentId) {
    int last = assignmentId.lastIndexOf(':');
    try {
      return Integer.parseInt(assignmentId, last + 1, assignmentId.length(), 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long key(int psuIndex, int line) {
    return line < 0 ? -1 : ((long) psuIndex << 32) | line;
  }

  private static int typeOf(String found) {
    if (found == null) {
      return -1;
    }
    try {
      return HouseholdType.valueOf(found.trim().toUpperCase(Locale.ROOT)).ordinal();
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  /** 64 bits of a storage id: which revision is a household's current one, without keeping the id. */
  static long hash(String storageId) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < storageId.length(); i++) {
      h = (h ^ storageId.charAt(i)) * 0x100000001b3L;
    }
    return h;
  }

  private void grow(int capacity) {
    stratum = Arrays.copyOf(stratum, capacity);
    psu = Arrays.copyOf(psu, capacity);
    ea = Arrays.copyOf(ea, capacity);
    takeClass = Arrays.copyOf(takeClass, capacity);
    line = Arrays.copyOf(line, capacity);
    varStratum = Arrays.copyOf(varStratum, capacity);
    cell = Arrays.copyOf(cell, capacity);
    revision = Arrays.copyOf(revision, capacity);
    householdId.grow(capacity);
    varPsu = Arrays.copyOf(varPsu, capacity);
    type = Arrays.copyOf(type, capacity);
    control = Arrays.copyOf(control, capacity);
    certainty = Arrays.copyOf(certainty, capacity);
    disposition = Arrays.copyOf(disposition, capacity);
    review = Arrays.copyOf(review, capacity);
    typeFound = Arrays.copyOf(typeFound, capacity);
    nr = Arrays.copyOf(nr, capacity);
    inData = Arrays.copyOf(inData, capacity);
    pi1 = Arrays.copyOf(pi1, capacity);
    pi2 = Arrays.copyOf(pi2, capacity);
    base = Arrays.copyOf(base, capacity);
    adjusted = Arrays.copyOf(adjusted, capacity);
    current = Arrays.copyOf(current, capacity);
    received = Arrays.copyOf(received, capacity);
    uuidHigh = Arrays.copyOf(uuidHigh, capacity);
    uuidLow = Arrays.copyOf(uuidLow, capacity);
    assigned = Arrays.copyOf(assigned, capacity);
  }

  private static ExtraColumn text(String name, String en, String fr) {
    return new ExtraColumn(name, VariableType.STRING, labels(en, fr));
  }

  private static ExtraColumn integer(String name, String en, String fr) {
    return new ExtraColumn(name, VariableType.INTEGER, labels(en, fr));
  }

  private static ExtraColumn number(String name, String en, String fr) {
    return new ExtraColumn(name, VariableType.NUMBER, labels(en, fr));
  }

  private static ExtraColumn coded(String name, String en, String fr, String[] codes, String[] codeEn,
      String[] codeFr) {
    List<Code> list = new ArrayList<>();
    for (int i = 0; i < codes.length; i++) {
      list.add(new Code(codes[i], labels(codeEn[i], codeFr[i])));
    }
    return new ExtraColumn(name, VariableType.STRING, labels(en, fr), list);
  }

  private static Map<String, String> labels(String en, String fr) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("en", en);
    m.put("fr", fr);
    return m;
  }

  /** Strings to dense ids and back. */
  private static final class Dict {
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    int id(String name) {
      return ids.computeIfAbsent(name, k -> {
        names.add(k);
        return names.size() - 1;
      });
    }

    int find(String name) {
      return ids.getOrDefault(name, -1);
    }

    String name(int id) {
      return names.get(id);
    }
  }
}
