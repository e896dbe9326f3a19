package org.fieldsync.sampling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Non-response adjustment of base weights in weighting cells (SPEC section 7).
 *
 * <p>Source: weighting-class adjustment, Kalton and Flores-Cervantes (2003), "Weighting methods", Journal of Official
 * Statistics 19(2):81-97; cells collapsed when small or when the factor is large (here fewer than 5 respondents or a
 * factor above 2, as the SPEC sets). No replacement of households or PSUs: refusals are non-respondents.
 *
 * <p>Cells, from fine to coarse: stratum x take class, stratum x group (migrant / control), stratum. Collapsing is
 * decided per stratum and group: the class cells of a group are used only if every one of them meets the criteria;
 * otherwise the group forms one cell; if a group cell fails too, the whole stratum forms one cell (every group of
 * it), so that no case belongs to two cells. A stratum cell is used even if it fails the criteria (reported with
 * {@code criteriaMet = false}) unless it has eligible weight and no respondent ({@code NO_RESPONDENTS}).
 *
 * <p>In a cell with eligible weight E (respondents and eligible non-respondents), ineligible weight I, unknown-
 * eligibility weight U and respondent weight R: the unknowns are first distributed in proportion to the resolved-
 * eligible share e = E / (E + I), so the eligible total is T = E + e U; the factor is A = T / R; respondents get
 * w A, everyone else 0 (ineligibles keep no weight in estimates). Check (SPEC 9.4): the adjusted respondent weights
 * of each cell sum to T (relative 1e-12).
 */
public final class NonresponseAdjustment {
    /** Default minimum respondents per cell. */
    public static final int MIN_RESPONDENTS = 5;
    /** Default maximum adjustment factor per cell. */
    public static final double MAX_FACTOR = 2.0;

    /** Final disposition of a selected household. */
    public enum Disposition {
        /** Interview completed. */
        RESPONDENT,
        /** Eligible, not interviewed (refusal, no contact, ...). */
        NONRESPONDENT,
        /** Not a household of the population: vacant, demolished, not a household. */
        INELIGIBLE,
        /** Eligibility never established. */
        UNKNOWN
    }

    /** Level of a weighting cell. */
    public enum Level {
        /** Stratum x take class. */
        CLASS,
        /** Stratum x group. */
        GROUP,
        /** Stratum. */
        STRATUM
    }

    /**
     * A selected household to adjust.
     *
     * @param id          any id of the caller
     * @param stratum     stratum id
     * @param takeClass   take class (type)
     * @param group       migrant or control
     * @param disposition final disposition
     * @param baseWeight  base weight
     */
    public record Case(String id, String stratum, String takeClass, Design.Group group, Disposition disposition,
                       double baseWeight) {
        /** A case from a selected household. */
        public static Case of(SelectedHousehold h, String id, Disposition d) {
            return new Case(id, h.stratum(), h.takeClass(), h.group(), d, h.baseWeight());
        }
    }

    /**
     * A weighting cell.
     *
     * @param id               {@code <stratum>}, {@code <stratum>|<group>} or {@code <stratum>|<group>|<class>}
     * @param level            its level
     * @param respondents      number of respondents
     * @param eligibleWeight   E
     * @param ineligibleWeight I
     * @param unknownWeight    U
     * @param respondentWeight R
     * @param eligibleTotal    T = E + e U
     * @param factor           A = T / R (1 when T = 0)
     * @param criteriaMet      at least the minimum respondents and a factor not above the maximum
     */
    public record Cell(String id, Level level, int respondents, double eligibleWeight, double ineligibleWeight,
                       double unknownWeight, double respondentWeight, double eligibleTotal, double factor,
                       boolean criteriaMet) {
    }

    /**
     * An adjusted case.
     *
     * @param input  the case
     * @param cell   id of its cell
     * @param weight w A for a respondent, 0 otherwise
     */
    public record Adjusted(Case input, String cell, double weight) {
    }

    /**
     * The adjustment.
     *
     * @param cases adjusted cases, input order
     * @param cells cells used, in order of first appearance
     */
    public record Result(List<Adjusted> cases, List<Cell> cells) {
        /** Copies the lists. */
        public Result {
            cases = List.copyOf(cases);
            cells = List.copyOf(cells);
        }
    }

    private NonresponseAdjustment() {
    }

    /** Adjusts with the SPEC's criteria: at least 5 respondents, factor at most 2. */
    public static Result adjust(List<Case> cases) {
        return adjust(cases, MIN_RESPONDENTS, MAX_FACTOR);
    }

    /**
     * Adjusts base weights for non-response.
     *
     * @throws SamplingException {@code NO_RESPONDENTS} if a stratum cell has eligible weight and no respondent;
     *                           {@code UNRESOLVED_ELIGIBILITY} if a stratum cell has unknowns and no resolved case
     */
    public static Result adjust(List<Case> cases, int minRespondents, double maxFactor) {
        Map<String, Map<Design.Group, Map<String, List<Integer>>>> tree = new LinkedHashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            if (!(c.baseWeight() >= 0) || Double.isInfinite(c.baseWeight())) {
                throw SamplingException.argument("base weight of " + c.id() + " must be finite and >= 0");
            }
            tree.computeIfAbsent(c.stratum(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(c.group(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(c.takeClass(), k -> new ArrayList<>()).add(i);
        }
        String[] cellOf = new String[cases.size()];
        double[] factorOf = new double[cases.size()];
        List<Cell> cells = new ArrayList<>();
        for (Map.Entry<String, Map<Design.Group, Map<String, List<Integer>>>> s : tree.entrySet()) {
            List<Cell> chosen = new ArrayList<>();
            List<List<Integer>> members = new ArrayList<>();
            boolean stratumLevel = false;
            for (Map.Entry<Design.Group, Map<String, List<Integer>>> g : s.getValue().entrySet()) {
                List<Cell> classCells = new ArrayList<>();
                boolean allMet = true;
                List<Integer> groupMembers = new ArrayList<>();
                for (Map.Entry<String, List<Integer>> c : g.getValue().entrySet()) {
                    Cell cell = cell(s.getKey() + "|" + g.getKey() + "|" + c.getKey(), Level.CLASS, c.getValue(),
                            cases, minRespondents, maxFactor, false);
                    classCells.add(cell);
                    allMet &= cell.criteriaMet();
                    groupMembers.addAll(c.getValue());
                }
                if (allMet) {
                    chosen.addAll(classCells);
                    members.addAll(g.getValue().values());
                    continue;
                }
                Cell groupCell = cell(s.getKey() + "|" + g.getKey(), Level.GROUP, groupMembers, cases, minRespondents,
                        maxFactor, false);
                if (!groupCell.criteriaMet()) {
                    stratumLevel = true;
                    break;
                }
                chosen.add(groupCell);
                members.add(groupMembers);
            }
            if (stratumLevel) {
                List<Integer> all = new ArrayList<>();
                for (Map<String, List<Integer>> g : s.getValue().values()) {
                    for (List<Integer> l : g.values()) {
                        all.addAll(l);
                    }
                }
                chosen = List.of(cell(s.getKey(), Level.STRATUM, all, cases, minRespondents, maxFactor, true));
                members = List.of(all);
            }
            for (int k = 0; k < chosen.size(); k++) {
                Cell cell = chosen.get(k);
                cells.add(cell);
                for (int i : members.get(k)) {
                    cellOf[i] = cell.id();
                    factorOf[i] = cell.factor();
                }
                check(cell, members.get(k), cases);
            }
        }
        List<Adjusted> out = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            double w = c.disposition() == Disposition.RESPONDENT ? c.baseWeight() * factorOf[i] : 0.0;
            out.add(new Adjusted(c, cellOf[i], w));
        }
        return new Result(out, cells);
    }

    private static Cell cell(String id, Level level, List<Integer> idx, List<Case> cases, int minResp,
                             double maxFactor, boolean last) {
        double e = 0;
        double in = 0;
        double un = 0;
        double r = 0;
        int resp = 0;
        for (int i : idx) {
            Case c = cases.get(i);
            switch (c.disposition()) {
                case RESPONDENT -> {
                    e += c.baseWeight();
                    r += c.baseWeight();
                    resp++;
                }
                case NONRESPONDENT -> e += c.baseWeight();
                case INELIGIBLE -> in += c.baseWeight();
                case UNKNOWN -> un += c.baseWeight();
                default -> throw new IllegalStateException();
            }
        }
        double total;
        if (un > 0) {
            if (e + in == 0) {
                if (last) {
                    throw new SamplingException(SamplingException.Code.UNRESOLVED_ELIGIBILITY, "cell " + id
                            + " has households of unknown eligibility and none of resolved eligibility",
                            Map.of("cell", id));
                }
                return new Cell(id, level, resp, e, in, un, r, Double.NaN, Double.NaN, false);
            }
            total = e + e / (e + in) * un;
        } else {
            total = e;
        }
        if (total > 0 && r == 0) {
            if (last) {
                throw new SamplingException(SamplingException.Code.NO_RESPONDENTS, "cell " + id
                        + " has eligible households but no respondent, even after collapsing to the stratum",
                        Map.of("cell", id));
            }
            return new Cell(id, level, resp, e, in, un, r, total, Double.NaN, false);
        }
        double factor = total == 0 ? 1.0 : total / r;
        return new Cell(id, level, resp, e, in, un, r, total, factor, resp >= minResp && factor <= maxFactor);
    }

    private static void check(Cell cell, List<Integer> idx, List<Case> cases) {
        double s = 0;
        for (int i : idx) {
            Case c = cases.get(i);
            if (c.disposition() == Disposition.RESPONDENT) {
                s += c.baseWeight() * cell.factor();
            }
        }
        if (Math.abs(s - cell.eligibleTotal()) > 1e-12 * Math.max(1.0, Math.abs(cell.eligibleTotal()))) {
            throw new IllegalStateException("cell " + cell.id() + ": adjusted respondent weights sum to " + s
                    + ", not " + cell.eligibleTotal());
        }
    }
}
