package org.fieldsync.sampling;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fieldsync.sampling.Design.TakeClass;
import org.fieldsync.sampling.SecondStageSelection.ClassSelection;
import org.fieldsync.sampling.SecondStageSelection.Status;

/**
 * Second stage: selection of households by take class within a listed PSU (SPEC section 5), and base weights
 * (SPEC section 6).
 *
 * <p>Sources: selection in the office by equal-probability systematic sampling from a random start, DHS Sampling
 * and Household Listing Manual (ICF, 2012), ch. 11; separate takes for migrant and non-migrant households
 * (disproportionate selection of a rare group identified by screening/listing), Kalton (2009), Survey Methodology
 * 35(2):125-141, and Bilsborrow (UNECE Work Session on Migration Statistics, 2012). Fixed take: with L listed and
 * take b, L = 0 records the class as absent, L &lt;= b takes all (pi2 = 1, no substitution from other PSUs or types),
 * L &gt; b selects positions ceil(u I + j I), I = L / b, pi2 = b / L. A certainty PSU takes
 * b' = max(1, ceil(b e_i - 1e-9)), e_i = a_h MOS_i / sum MOS, so that it is not over-represented; with multiple hits
 * (MULTIPLY_TAKE) the take is b x hits. Fixed rate: r = min(1, f_{h,t} / pi1_i), UPsystematic with pik = r,
 * pi2 = r. Base weight w = hits / (pi1 pi2) (1 / (pi1 pi2) for the certainty design).
 */
public final class SecondStage {
    private SecondStage() {
    }

    /**
     * The take of a class before any pooling: b for a non-certainty PSU, max(1, ceil(b e_i - 1e-9)) for a certainty
     * PSU, b x hits with multiple hits.
     */
    public static int nominalTake(FirstStageSelection psu, int b) {
        if (psu.certainty()) {
            return (int) Math.max(1, Math.ceil(b * psu.expectedHits() - 1e-9));
        }
        return b * psu.hits();
    }

    /**
     * Selects the households of one listed PSU.
     *
     * @param psu      the PSU, from the plan
     * @param listing  its listing
     * @param design   the design (take classes, takes, method)
     * @param fMig     f_{h,mig} of the PSU's stratum (fixed rate only)
     * @param fCtrl    f_{h,ctrl} of the PSU's stratum (fixed rate only)
     * @param starts   where starts come from (key {@code stage2/<psu>/<class>})
     * @param takes    per class, a take replacing the nominal one (pooled take); {@code null} or missing: nominal
     * @return the selection, with its starts
     * @throws SamplingException {@code INVALID_LISTING} if the listing is of another PSU;
     *                           {@code PROBABILITY_NEAR_BOUNDARY} if a fixed rate lies within 1e-6 of 0 or 1
     */
    public static SecondStageSelection select(FirstStageSelection psu, Listing listing, Design design, double fMig,
                                              double fCtrl, Starts starts, Map<String, Integer> takes) {
        if (!psu.psuId().equals(listing.psuId())) {
            throw new SamplingException(SamplingException.Code.INVALID_LISTING, "listing of " + listing.psuId()
                    + " given for PSU " + psu.psuId(), Map.of("psuId", psu.psuId()));
        }
        List<ClassSelection> classes = new ArrayList<>();
        List<SelectedHousehold> households = new ArrayList<>();
        int covered = 0;
        for (TakeClass c : design.takeClasses()) {
            List<Listing.ListedHousehold> hh = listing.ofTypes(c.types());
            covered += hh.size();
            int listed = hh.size();
            ClassSelection cs;
            String key = Starts.stage2Key(psu.psuId(), c.name());
            if (design.secondStage() == Design.SecondStageMethod.FIXED_TAKE) {
                int b = takes != null && takes.containsKey(c.name()) ? takes.get(c.name())
                        : nominalTake(psu, design.takes().get(c.name()));
                if (listed == 0) {
                    cs = new ClassSelection(c.name(), c.group(), 0, 0, Double.NaN, List.of(), List.of(), Double.NaN,
                            Status.ABSENT);
                } else if (listed <= b) {
                    cs = takeAll(c, hh);
                } else {
                    double u = Starts.checkStart(starts.start(key), key);
                    int[] pos = Systematic.equalProbabilityPositions(listed, b, u);
                    cs = systematic(c, hh, pos, u, (double) b / listed);
                }
            } else {
                double f = c.group() == Design.Group.MIGRANT ? fMig : fCtrl;
                double r = Math.min(1.0, f / psu.pi1());
                if (listed == 0) {
                    cs = new ClassSelection(c.name(), c.group(), 0, 0, Double.NaN, List.of(), List.of(), Double.NaN,
                            Status.ABSENT);
                } else if (r >= 1.0) {
                    cs = takeAll(c, hh);
                } else if (r == 0.0) {
                    cs = new ClassSelection(c.name(), c.group(), listed, 0, Double.NaN, List.of(), List.of(), 0.0,
                            Status.NOT_SAMPLED);
                } else {
                    Systematic.checkProbability(r, "the rate of class " + c.name() + " in PSU " + psu.psuId());
                    double u = Starts.checkStart(starts.start(key), key);
                    double[] pik = new double[listed];
                    java.util.Arrays.fill(pik, r);
                    cs = systematic(c, hh, Systematic.positions(Systematic.select(pik, u)), u, r);
                }
            }
            classes.add(cs);
            for (int line : cs.lines()) {
                Listing.ListedHousehold h = listing.households().get(line - 1);
                households.add(new SelectedHousehold(psu.psuId(), psu.eaId(), psu.stratum(), line, h.householdId(),
                        h.type(), c.name(), c.group(), psu.certainty(), psu.pi1(), psu.hits(), cs.pi2(),
                        psu.hits() / (psu.pi1() * cs.pi2())));
            }
        }
        return new SecondStageSelection(psu.psuId(), psu.eaId(), psu.stratum(), classes, households,
                listing.households().size() - covered);
    }

    private static ClassSelection takeAll(TakeClass c, List<Listing.ListedHousehold> hh) {
        List<Integer> pos = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int j = 0; j < hh.size(); j++) {
            pos.add(j + 1);
            lines.add(hh.get(j).line());
        }
        return new ClassSelection(c.name(), c.group(), hh.size(), hh.size(), Double.NaN, pos, lines, 1.0,
                Status.TAKE_ALL);
    }

    private static ClassSelection systematic(TakeClass c, List<Listing.ListedHousehold> hh, int[] positions, double u,
                                             double pi2) {
        List<Integer> pos = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int p : positions) {
            pos.add(p);
            lines.add(hh.get(p - 1).line());
        }
        return new ClassSelection(c.name(), c.group(), hh.size(), positions.length, u, pos, lines, pi2,
                Status.SYSTEMATIC);
    }

    /**
     * Pooled take (SPEC 5A, optional; decided only after every PSU of the stratum is listed): per class, the
     * stratum's shortfall sum_i max(0, b_i - L_i) is spread over the PSUs with L_i &gt; b_i in proportion to their
     * surplus L_i - b_i (bounded by it; largest-remainder rounding, ties to the earlier PSU), and
     * b_{i,t} = b_i + extra_i.
     *
     * @param psus     every selected PSU of one stratum, in stored order
     * @param listings their listings (any order)
     * @return per PSU id, per class, the take b_{i,t}
     * @throws SamplingException {@code INVALID_LISTING} if a PSU has no listing
     */
    public static Map<String, Map<String, Integer>> pooledTakes(List<FirstStageSelection> psus, List<Listing> listings,
                                                                Design design) {
        Map<String, Listing> byPsu = new HashMap<>();
        for (Listing l : listings) {
            byPsu.put(l.psuId(), l);
        }
        Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
        for (FirstStageSelection p : psus) {
            if (!byPsu.containsKey(p.psuId())) {
                throw new SamplingException(SamplingException.Code.INVALID_LISTING, "the pooled take needs the "
                        + "listing of every PSU of the stratum; " + p.psuId() + " is missing",
                        Map.of("psuId", p.psuId()));
            }
            out.put(p.psuId(), new LinkedHashMap<>());
        }
        for (TakeClass c : design.takeClasses()) {
            int n = psus.size();
            int[] b = new int[n];
            int[] listed = new int[n];
            double[] surplus = new double[n];
            long shortfall = 0;
            double capacity = 0;
            for (int i = 0; i < n; i++) {
                FirstStageSelection p = psus.get(i);
                b[i] = nominalTake(p, design.takes().get(c.name()));
                listed[i] = byPsu.get(p.psuId()).ofTypes(c.types()).size();
                shortfall += Math.max(0, b[i] - listed[i]);
                surplus[i] = Math.max(0, listed[i] - b[i]);
                capacity += surplus[i];
            }
            int extra = (int) Math.min(shortfall, (long) capacity);
            int[] add = new int[n];
            if (extra > 0) {
                double[] r = Allocation.boundedShares(extra, surplus, new double[n], surplus);
                add = Allocation.largestRemainder(r, extra, surplus);
            }
            for (int i = 0; i < n; i++) {
                out.get(psus.get(i).psuId()).put(c.name(), b[i] + add[i]);
            }
        }
        return out;
    }
}
