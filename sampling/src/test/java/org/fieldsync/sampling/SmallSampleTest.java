package org.fieldsync.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fieldsync.sampling.Design.AllocationMethod;
import org.junit.jupiter.api.Test;

/**
 * The 12-EA, 714-household case of script 03: the realised two-stage sample with stored starts
 * (small_sample.csv, small_sample_stage2_starts.csv) and the exact design expectations by full enumeration of the
 * systematic supports (small_exact_enumeration.json, small_exact_expectations.csv; SPEC 9.3).
 */
class SmallSampleTest {
    static final Planner PLANNER = new Planner();
    static final Map<String, Integer> TAKE = Map.of("EMIG", 3, "RET", 2, "NON", 3);

    static Frame frame() {
        List<FrameRow> rows = new ArrayList<>();
        for (Map<String, String> r : Fixtures.csv("small_frame.csv")) {
            rows.add(new FrameRow(r.get("ea_id"), r.get("stratum"), "", Fixtures.l(r, "census_hh"),
                    Fixtures.l(r, "census_mig_hh"), 0, 0, false, false));
        }
        return FrameImport.rows(rows).frame();
    }

    static Design design() {
        return Design.builder().allocation(AllocationMethod.GIVEN).psus("A_high", 2).psus("B_low", 2)
                .take("EMIG", 3).take("RET", 2).take("NON", 3).build();
    }

    static Plan plan() {
        Map<String, Object> js = Fixtures.json("small_exact_enumeration.json");
        Map<String, Object> hex = Fixtures.castMap(js.get("stage1_starts_hex"));
        Map<String, Double> starts = new HashMap<>();
        hex.forEach((k, v) -> starts.put(k, Double.parseDouble((String) v)));
        return PLANNER.plan(frame(), design(), 31, starts);
    }

    static Map<String, Listing> listings() {
        Map<String, List<Listing.ListedHousehold>> hh = new LinkedHashMap<>();
        for (Map<String, String> r : Fixtures.csv("small_population.csv")) {
            hh.computeIfAbsent(r.get("ea_id"), k -> new ArrayList<>()).add(new Listing.ListedHousehold(
                    Fixtures.i(r, "line"), HouseholdType.valueOf(r.get("hh_type")), r.get("hh_uid")));
        }
        Map<String, Listing> out = new LinkedHashMap<>();
        hh.forEach((ea, list) -> out.put(ea, new Listing(ea, list)));
        return out;
    }

    @Test
    void firstStageSelectsTheReferenceEasWithTheirPi() {
        Plan plan = plan();
        assertEquals(List.of("EA02", "EA04", "EA09", "EA12"),
                plan.selections().stream().map(FirstStageSelection::eaId).toList());
        Map<String, PlannedUnit> units = MediumFramePlanTest.units(plan);
        for (Map<String, String> r : Fixtures.csv("small_frame.csv")) {
            assertEquals(Fixtures.d(r, "pi1"), units.get(r.get("ea_id")).pi1(), 1e-12, r.get("ea_id"));
        }
    }

    @Test
    void secondStageWithStoredStartsReproducesTheRealisedSample() {
        Plan plan = plan();
        Map<String, Listing> listings = listings();
        Map<String, Double> starts = new HashMap<>();
        Map<String, Map<String, String>> byClass = new HashMap<>();
        for (Map<String, String> r : Fixtures.csv("small_sample_stage2_starts.csv")) {
            if (!r.get("u").isEmpty()) {
                starts.put(Starts.stage2Key(r.get("ea_id"), r.get("hh_type")), Fixtures.d(r, "u"));
            }
            byClass.put(r.get("ea_id") + "/" + r.get("hh_type"), r);
        }
        List<SelectedHousehold> sample = new ArrayList<>();
        for (FirstStageSelection psu : plan.selections()) {
            SecondStageSelection s = PLANNER.selectHouseholds(plan, listings.get(psu.psuId()), Starts.stored(starts));
            for (SecondStageSelection.ClassSelection c : s.classes()) {
                Map<String, String> ref = byClass.get(psu.eaId() + "/" + c.takeClass());
                assertEquals(Fixtures.i(ref, "listed"), c.listed());
                assertEquals(Fixtures.i(ref, "take"), c.take());
                assertEquals(Fixtures.ints(ref.get("selected_positions")), c.positions(), psu.eaId() + c.takeClass());
                // SPEC 9.2: 1/pi2 x take = L
                assertEquals(c.listed(), c.take() / c.pi2(), 1e-9);
            }
            // replay of the second stage from its own recorded starts
            SecondStageSelection again = PLANNER.selectHouseholds(plan, listings.get(psu.psuId()),
                    Starts.stored(s.starts()));
            assertEquals(s, again);
            sample.addAll(s.households());
        }
        List<Map<String, String>> ref = Fixtures.csv("small_sample.csv");
        assertEquals(ref.size(), sample.size());
        for (int k = 0; k < ref.size(); k++) {
            Map<String, String> r = ref.get(k);
            SelectedHousehold h = sample.get(k);
            assertEquals(r.get("hh_uid"), h.householdId());
            assertEquals(r.get("hh_type"), h.type().name());
            assertEquals(Fixtures.i(r, "line"), h.line());
            assertEquals(Fixtures.d(r, "pi1"), h.pi1(), 1e-12);
            assertEquals(Fixtures.d(r, "pi2"), h.pi2(), 1e-12);
            assertTrue(Fixtures.rel(h.baseWeight(), Fixtures.d(r, "w")) <= 1e-12, r.get("hh_uid"));
        }
    }

    @Test
    void firstStageSupportAndJointProbabilitiesAreExact() {
        Plan plan = plan();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) Fixtures.json("small_exact_enumeration.json")
                .get("first_stage_checks");
        for (Map<String, Object> c : checks) {
            String h = (String) c.get("stratum");
            List<PlannedUnit> units = plan.units(h);
            double[] pik = units.stream().mapToDouble(PlannedUnit::pi1).toArray();
            assertArrayEquals(Fixtures.doubleList(c.get("pik")), pik, 1e-12);
            List<Systematic.SupportPoint> sup = Systematic.support(pik);
            assertEquals(((Number) c.get("n_support")).intValue(), sup.size());
            assertArrayEquals(Fixtures.doubleList(c.get("support_probs")),
                    sup.stream().mapToDouble(Systematic.SupportPoint::probability).toArray(), 1e-12);
            List<?> samples = (List<?>) c.get("support_samples");
            for (int k = 0; k < sup.size(); k++) {
                List<String> ids = new ArrayList<>();
                for (int j = 0; j < units.size(); j++) {
                    if (sup.get(k).selected()[j]) {
                        ids.add(units.get(j).eaId());
                    }
                }
                assertEquals(samples.get(k), String.join(" ", ids));
            }
            double[][] joint = Systematic.jointInclusion(pik);
            List<?> ref = (List<?>) c.get("joint_pi_exact");
            int zeroPairs = 0;
            for (int a = 0; a < pik.length; a++) {
                assertArrayEquals(Fixtures.doubleList(ref.get(a)), joint[a], 1e-12);
                assertEquals(pik[a], joint[a][a], 1e-12);
                for (int b = a + 1; b < pik.length; b++) {
                    if (joint[a][b] < 1e-15) {
                        zeroPairs++;
                    }
                }
            }
            assertEquals(((Number) c.get("n_zero_joint_pairs")).intValue(), zeroPairs);
        }
    }

    @Test
    void designExpectationsByFullEnumerationMatchTheReference() {
        Plan plan = plan();
        Map<String, Listing> listings = listings();
        Map<String, Map<Integer, Map<String, String>>> pop = new HashMap<>();
        for (Map<String, String> r : Fixtures.csv("small_population.csv")) {
            pop.computeIfAbsent(r.get("ea_id"), k -> new HashMap<>()).put(Fixtures.i(r, "line"), r);
        }
        String[] vars = {"one", "remit", "income", "is_EMIG", "is_RET", "is_NON"};
        for (Map<String, String> expect : Fixtures.csv("small_exact_expectations.csv")) {
            String v = expect.get("variable");
            double eTotal = 0;
            double v1 = 0;
            double ev2 = 0;
            double eWr = 0;
            double truth = 0;
            for (StratumSummary s : plan.strata()) {
                List<PlannedUnit> units = plan.units(s.id());
                int n = units.size();
                double[] yi = new double[n];
                double[] vi = new double[n];
                double[] p1 = new double[n];
                for (int j = 0; j < n; j++) {
                    String ea = units.get(j).eaId();
                    p1[j] = units.get(j).pi1();
                    for (String cls : TAKE.keySet()) {
                        double[] y = listings.get(ea).ofTypes(java.util.Set.of(HouseholdType.valueOf(cls))).stream()
                                .mapToDouble(hh -> value(pop.get(ea).get(hh.line()), v)).toArray();
                        truth += Arrays.stream(y).sum();
                        double[] ev = secondStage(y, TAKE.get(cls));
                        yi[j] += ev[0];
                        vi[j] += ev[1];
                    }
                }
                int a = s.psus();
                for (Systematic.SupportPoint sp : Systematic.support(p1)) {
                    double est = 0;
                    double v2 = 0;
                    List<Double> zz = new ArrayList<>();
                    List<Double> vv = new ArrayList<>();
                    for (int j = 0; j < n; j++) {
                        if (sp.selected()[j]) {
                            est += yi[j] / p1[j];
                            v2 += vi[j] / (p1[j] * p1[j]);
                            zz.add(yi[j] / p1[j]);
                            vv.add(vi[j] / (p1[j] * p1[j]));
                        }
                    }
                    eTotal += sp.probability() * est;
                    ev2 += sp.probability() * v2;
                    double mean = zz.stream().mapToDouble(Double::doubleValue).average().orElse(0);
                    double ss = zz.stream().mapToDouble(z -> (z - mean) * (z - mean)).sum();
                    double sv = vv.stream().mapToDouble(Double::doubleValue).sum();
                    eWr += sp.probability() * a / (a - 1.0) * (ss + (1 - 1.0 / a) * sv);
                }
                double eh = 0;
                for (Systematic.SupportPoint sp : Systematic.support(p1)) {
                    double est = 0;
                    for (int j = 0; j < n; j++) {
                        if (sp.selected()[j]) {
                            est += yi[j] / p1[j];
                        }
                    }
                    eh += sp.probability() * est;
                }
                for (Systematic.SupportPoint sp : Systematic.support(p1)) {
                    double est = 0;
                    for (int j = 0; j < n; j++) {
                        if (sp.selected()[j]) {
                            est += yi[j] / p1[j];
                        }
                    }
                    v1 += sp.probability() * (est - eh) * (est - eh);
                }
            }
            assertTrue(Arrays.asList(vars).contains(v));
            assertEquals(Fixtures.d(expect, "true_total"), truth, 1e-6, v);
            close(Fixtures.d(expect, "exact_expectation_HT"), eTotal, v + " E[HT]");
            close(Fixtures.d(expect, "true_total"), eTotal, v + " E[HT] = truth");
            close(Fixtures.d(expect, "stage1_component"), v1, v + " V1");
            close(Fixtures.d(expect, "stage2_component"), ev2, v + " E[V2]");
            close(Fixtures.d(expect, "exact_variance_HT"), v1 + ev2, v + " V");
            close(Fixtures.d(expect, "exact_expectation_WR_variance_estimator"), eWr, v + " E[v_WR]");
        }
    }

    /** Relative 1e-10; values that are rounding noise around 0 (|x| &lt; 1e-12) compared absolutely. */
    private static void close(double expected, double actual, String what) {
        if (Math.abs(expected) < 1e-12) {
            assertEquals(expected, actual, 1e-9, what);
        } else {
            assertTrue(Fixtures.rel(actual, expected) <= 1e-10, what + ": " + actual + " vs " + expected);
        }
    }

    /** E and V of the second-stage estimator sum y / pi2 over the equal-probability systematic support. */
    private static double[] secondStage(double[] y, int take) {
        int listed = y.length;
        if (take >= listed) {
            return new double[] {Arrays.stream(y).sum(), 0};
        }
        double[] pik = new double[listed];
        Arrays.fill(pik, (double) take / listed);
        double e = 0;
        List<double[]> pts = new ArrayList<>();
        for (Systematic.SupportPoint sp : Systematic.support(pik)) {
            double est = 0;
            for (int j = 0; j < listed; j++) {
                if (sp.selected()[j]) {
                    est += y[j] / pik[j];
                }
            }
            pts.add(new double[] {sp.probability(), est});
            e += sp.probability() * est;
        }
        double var = 0;
        for (double[] p : pts) {
            var += p[0] * (p[1] - e) * (p[1] - e);
        }
        return new double[] {e, var};
    }

    private static double value(Map<String, String> r, String v) {
        return switch (v) {
            case "one" -> 1;
            case "remit" -> Fixtures.d(r, "remit");
            case "income" -> Fixtures.d(r, "income");
            default -> r.get("hh_type").equals(v.substring(3)) ? 1 : 0;
        };
    }

    @Test
    void sumOfBaseWeightsEstimatesListedNotCensusHouseholds() {
        // SPEC 6: E[sum w] = listed households (714), not census households; the realised sum differs from both
        Plan plan = plan();
        long census = 0;
        for (StratumSummary s : plan.strata()) {
            census += s.stratum().households();
        }
        assertEquals(705, census);
        assertEquals(714, listings().values().stream().mapToInt(l -> l.households().size()).sum());
    }
}
