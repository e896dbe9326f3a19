package org.fieldsync.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** SPEC 4.2-4.3 and 5A against upsystematic*.csv, equal_prob_systematic.csv, pps_systematic_hits.csv. */
class SystematicTest {

    static Map<String, double[]> pikVectors() {
        Map<String, List<Double>> m = new LinkedHashMap<>();
        for (Map<String, String> r : Fixtures.csv("upsystematic_pik.csv")) {
            m.computeIfAbsent(r.get("case_id"), k -> new ArrayList<>()).add(Double.parseDouble(r.get("pik_hex")));
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    /** Integer sizes behind the pik vectors that came from inclusionprobabilities(). */
    static Map<String, long[]> sizes() {
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("IP1", new long[] {120, 80, 200, 150, 95, 310, 60, 175, 140, 220, 85, 165});
        s.put("IP2", new long[] {1500, 120, 80, 200, 150, 95, 310, 60, 175, 140, 220, 85});
        s.put("IP3", new long[] {2000, 900, 300, 250, 200, 150, 120, 80});
        s.put("IP4", new long[] {0, 50, 100, 0, 150, 200});
        s.put("IP9", new long[] {22880, 572, 454, 245, 390, 334, 293});
        Map<String, Object> pv = Fixtures.castMap(Fixtures.json("upsystematic.json").get("pik_vectors"));
        s.put("PPS60", Arrays.stream(Fixtures.doubleList(Fixtures.castMap(pv.get("PPS60")).get("size")))
                .mapToLong(x -> (long) x).toArray());
        return s;
    }

    static final Map<String, Integer> N = Map.of("IP1", 4, "IP2", 5, "IP3", 4, "IP4", 2, "IP9", 5, "PPS60", 7);

    @Test
    void reproducesUpsystematicForAll240SeedVectorPairs() {
        Map<String, double[]> piks = pikVectors();
        Map<String, long[]> sizes = sizes();
        int checked = 0;
        int refused = 0;
        for (Map<String, String> row : Fixtures.csv("upsystematic.csv")) {
            String id = row.get("case_id");
            double u = Double.parseDouble(row.get("u_hex"));
            assertEquals(Fixtures.d(row, "u"), u, 0.0);
            double[] pik = piks.get(id);
            boolean nearBoundary = Arrays.stream(pik).anyMatch(p -> (p > 0 && p <= 1e-6) || (p >= 1 - 1e-6 && p < 1));
            if (nearBoundary) {
                // EPS_EDGE and R's IP9 vector: R passes such values through as "indicators"; the SPEC refuses them
                SamplingException e = assertThrows(SamplingException.class, () -> Systematic.select(pik, u), id);
                assertEquals(SamplingException.Code.PROBABILITY_NEAR_BOUNDARY, e.code());
                refused++;
            } else {
                assertEquals(Fixtures.ints(row.get("selected_eq1")), Fixtures.selected(Systematic.select(pik, u)),
                        id + " seed " + row.get("seed"));
                assertEquals(row.get("selected_eq1"), row.get("selected_gt0"));
            }
            long[] sz = sizes.get(id);
            if (sz != null) {
                // the exact integer path from the sizes: for IP9 the second unit is a certainty unit, so the sample
                // is R's "selected_gt0" (R returned 0.99999999999999989 for it)
                InclusionProbabilities.Result r = InclusionProbabilities.of(sz, N.get(id));
                boolean[] s = Systematic.selectExact(sz, r.certainty(), N.get(id) - r.certaintyCount(), u);
                assertEquals(Fixtures.ints(row.get("selected_gt0")), Fixtures.selected(s), id + " exact path");
            }
            checked++;
        }
        assertEquals(240, checked);
        assertEquals(60, refused);
    }

    @Test
    void floorFormEqualsTheModuloFormOfR() {
        // a[k] > a[k+1] with a = (c(0, cumsum(pik)) - u) %% 1  <=>  floor(V_k - u) > floor(V_{k-1} - u)
        double[] pik = pikVectors().get("HELP_EX");
        for (int step = 0; step < 100; step++) {
            double u = (step + 0.37) / 100; // off the knife edges, where R's %% itself rounds
            double v = 0;
            boolean[] mod = new boolean[pik.length];
            double aPrev = ((0 - u) % 1 + 1) % 1;
            for (int k = 0; k < pik.length; k++) {
                v += pik[k];
                double a = ((v - u) % 1 + 1) % 1;
                mod[k] = aPrev > a;
                aPrev = a;
            }
            assertArrayEquals(mod, Systematic.select(pik, u));
        }
    }

    @Test
    void equalProbabilityIntervalFormMatchesAll290Rows() {
        int n = 0;
        for (Map<String, String> row : Fixtures.csv("equal_prob_systematic.csv")) {
            int listed = Fixtures.i(row, "L");
            int take = Fixtures.i(row, "b");
            double u = Double.parseDouble(row.get("u_hex"));
            int[] pos = Systematic.equalProbabilityPositions(listed, take, u);
            assertEquals(Fixtures.ints(row.get("lines_interval_form")), Arrays.stream(pos).boxed().toList());
            double[] pik = new double[listed];
            Arrays.fill(pik, (double) take / listed);
            assertEquals(Fixtures.ints(row.get("lines_upsystematic")), Fixtures.selected(Systematic.select(pik, u)));
            n++;
        }
        assertEquals(290, n);
    }

    @Test
    void multipleHitsMatchTheReference() {
        int n = 0;
        for (Map<String, String> row : Fixtures.csv("pps_systematic_hits.csv")) {
            long[] size = Fixtures.longs(row.get("sizes"));
            int total = Fixtures.i(row, "n");
            double u = Fixtures.d(row, "u");
            int[] expected = Fixtures.ints(row.get("hits")).stream().mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, Systematic.hits(size, total, u), row.get("case_id") + " u=" + u);
            double[] e = Fixtures.doubles(row.get("expected_hits"));
            long s = Arrays.stream(size).sum();
            for (int i = 0; i < size.length; i++) {
                assertEquals(e[i], (double) total * size[i] / s, 1e-12);
            }
            assertArrayEquals(expected, Systematic.hits(e, u));
            assertEquals(Fixtures.i(row, "total_hits"), Arrays.stream(expected).sum());
            n++;
        }
        assertEquals(10, n);
    }

    @Test
    void exactFloorShiftDecidesKnifeEdges() {
        // t/s - u exactly an integer: floor is that integer
        assertEquals(1, Systematic.floorShift(3, 2, 0.5));
        assertEquals(0, Systematic.floorShift(3, 2, 0.5000000000000001));
        assertEquals(-1, Systematic.floorShift(0, 7, 1e-300));
    }

    @Test
    void refusesStartsOutsideTheOpenInterval() {
        for (double u : new double[] {0.0, 1.0, -0.1, Double.NaN}) {
            SamplingException e = assertThrows(SamplingException.class,
                    () -> Systematic.select(new double[] {0.5, 0.5}, u));
            assertEquals(SamplingException.Code.INVALID_ARGUMENT, e.code());
        }
    }

    @Test
    void supportProbabilitiesSumToOneAndGiveBackPi() {
        double[] pik = pikVectors().get("IP1");
        double total = 0;
        double[] pi = new double[pik.length];
        for (Systematic.SupportPoint sp : Systematic.support(pik)) {
            total += sp.probability();
            for (int k = 0; k < pik.length; k++) {
                if (sp.selected()[k]) {
                    pi[k] += sp.probability();
                }
            }
            assertEquals(4, Systematic.count(sp.selected()));
        }
        assertEquals(1.0, total, 1e-12);
        assertArrayEquals(pik, pi, 1e-12);
        assertTrue(Systematic.jointInclusion(pik)[0][0] > 0);
    }
}
