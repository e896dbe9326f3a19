package org.fieldsync.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.fieldsync.sampling.Design.AllocationMethod;
import org.junit.jupiter.api.Test;

/** SPEC section 3 against cases/allocation_cases.csv, plus the exact lambda solve against bisection. */
class AllocationTest {

    @Test
    void reproducesEveryAllocationCase() {
        Map<String, List<Map<String, String>>> byCase = new LinkedHashMap<>();
        for (Map<String, String> r : Fixtures.csv("allocation_cases.csv")) {
            byCase.computeIfAbsent(r.get("case_id"), k -> new ArrayList<>()).add(r);
        }
        assertEquals(10, byCase.size());
        for (Map.Entry<String, List<Map<String, String>>> e : byCase.entrySet()) {
            List<Map<String, String>> rows = e.getValue();
            AllocationMethod method = AllocationMethod.valueOf(rows.get(0).get("method").toUpperCase());
            int n = Fixtures.i(rows.get(0), "n");
            double q = rows.get(0).get("q").isEmpty() ? 0 : Fixtures.d(rows.get(0), "q");
            List<Allocation.StratumInput> in = new ArrayList<>();
            int[] lo = new int[rows.size()];
            int[] hi = new int[rows.size()];
            for (int h = 0; h < rows.size(); h++) {
                Map<String, String> r = rows.get(h);
                // K_h = upper bound in these cases
                in.add(new Allocation.StratumInput(r.get("stratum"), Fixtures.i(r, "upper"), Fixtures.l(r, "N_h"),
                        Fixtures.l(r, "M_h"), 1.0));
                lo[h] = Fixtures.i(r, "lower");
                hi[h] = Fixtures.i(r, "upper");
                assertEquals(Fixtures.d(r, "S_h"), in.get(h).sd(), 1e-12);
            }
            Allocation.Result res = Allocation.allocate(method, n, in, q, lo, hi);
            for (int h = 0; h < rows.size(); h++) {
                Map<String, String> r = rows.get(h);
                Allocation.StratumAllocation a = res.strata().get(h);
                String where = e.getKey() + " " + r.get("stratum");
                assertEquals(Fixtures.d(r, "raw_share"), a.rawShare(), 1e-9, where + " raw");
                assertEquals(Fixtures.d(r, "bounded_share"), a.boundedShare(), 1e-9, where + " bounded");
                assertEquals(Fixtures.i(r, "n_h"), a.psus(), where + " n_h");
            }
            assertEquals(Fixtures.i(rows.get(0), "sum_n_h"), java.util.Arrays.stream(res.psus()).sum());
        }
    }

    @Test
    void tiesInTheFractionGoToTheEarlierStratum() {
        int[] nh = Allocation.largestRemainder(new double[] {10.0 / 3, 10.0 / 3, 10.0 / 3}, 10,
                new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY});
        assertArrayEquals(new int[] {4, 3, 3}, nh);
        // fractions 2e-13 apart are a tie even across a 1e-12 grid line (R rounds to the grid; the SPEC says diff)
        nh = Allocation.largestRemainder(new double[] {1.5 + 1e-13, 1.5 + 3e-13, 2.0 - 6e-13}, 5,
                new double[] {9, 9, 9});
        assertArrayEquals(new int[] {2, 1, 2}, nh);
    }

    @Test
    void roundingNeverExceedsUpperBounds() {
        int[] nh = Allocation.largestRemainder(new double[] {2.9, 2.1}, 5, new double[] {2.9, 9});
        assertArrayEquals(new int[] {2, 3}, nh);
    }

    @Test
    void exactLambdaSolveAgreesWithBisectionOnRandomInputs() {
        SplittableRandom rnd = new SplittableRandom(5);
        int compared = 0;
        for (int it = 0; it < 5000; it++) {
            int m = 2 + rnd.nextInt(5);
            double[] x = new double[m];
            double[] lo = new double[m];
            double[] hi = new double[m];
            double sumLo = 0;
            double sumHi = 0;
            for (int h = 0; h < m; h++) {
                x[h] = rnd.nextInt(5) == 0 ? 0 : rnd.nextDouble();
                lo[h] = rnd.nextInt(4);
                hi[h] = lo[h] + 1 + rnd.nextInt(20);
                sumLo += lo[h];
            }
            if (rnd.nextDouble() < 0.2) {
                hi[rnd.nextInt(m)] = Double.POSITIVE_INFINITY;
            }
            for (double v : hi) {
                sumHi += v;
            }
            double n = sumLo + rnd.nextDouble() * (Math.min(sumHi, sumLo + 60) - sumLo);
            double[] r;
            try {
                r = Allocation.boundedShares(n, x, lo, hi);
            } catch (SamplingException e) {
                assertEquals(SamplingException.Code.INFEASIBLE_ALLOCATION, e.code());
                continue;
            }
            double a = 0;
            double b = 1;
            while (g(b, x, lo, hi) < n && b < 1e12) {
                b *= 2;
            }
            for (int k = 0; k < 200; k++) {
                double mid = (a + b) / 2;
                if (g(mid, x, lo, hi) < n) {
                    a = mid;
                } else {
                    b = mid;
                }
            }
            double sum = 0;
            for (int h = 0; h < m; h++) {
                assertEquals(Math.min(hi[h], Math.max(lo[h], b * x[h])), r[h], 1e-7);
                sum += r[h];
            }
            assertEquals(n, sum, 1e-9);
            compared++;
        }
        assertEquals(true, compared > 3000);
    }

    private static double g(double l, double[] x, double[] lo, double[] hi) {
        double s = 0;
        for (int h = 0; h < x.length; h++) {
            s += Math.min(hi[h], Math.max(lo[h], l * x[h]));
        }
        return s;
    }

    @Test
    void refusesInfeasibleBounds() {
        double inf = Double.POSITIVE_INFINITY;
        assertEquals(SamplingException.Code.INFEASIBLE_ALLOCATION, assertThrows(SamplingException.class,
                () -> Allocation.boundedShares(3, new double[] {1, 1}, new double[] {2, 2}, new double[] {inf, inf}))
                .code());
        assertEquals(SamplingException.Code.INFEASIBLE_ALLOCATION, assertThrows(SamplingException.class,
                () -> Allocation.boundedShares(30, new double[] {1, 1}, new double[] {0, 0}, new double[] {5, 5}))
                .code());
        // positive-weight strata capped at 5 + 2 and the zero-weight stratum fixed at its lower bound 0
        assertEquals(SamplingException.Code.INFEASIBLE_ALLOCATION, assertThrows(SamplingException.class,
                () -> Allocation.boundedShares(10, new double[] {1, 1, 0}, new double[] {0, 0, 0},
                        new double[] {5, 2, 20})).code());
    }

    @Test
    void fixedTargetsCeilWithTolerance() {
        assertEquals(15, Allocation.ceilTol(15.000000000000002));
        assertEquals(16, Allocation.ceilTol(15.01));
    }
}
