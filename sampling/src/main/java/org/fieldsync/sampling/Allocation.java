package org.fieldsync.sampling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.fieldsync.sampling.Design.AllocationMethod;

/**
 * Allocation of PSUs to strata (SPEC section 3).
 *
 * <p>Sources: proportional, Neyman (optimum for a proportion, S_h = sqrt(P_h (1 - P_h)), cost c_h) and power
 * allocation (Bankier 1988, "Power allocations: determining sample sizes for subnational areas", The American
 * Statistician 42:174-177: x_h = N_h^q) as in Cochran, Sampling Techniques (3rd ed., 1977), ch. 5; migrant-proportional
 * allocation over-samples high-prevalence strata as recommended for rare groups by Kalton (2009), Survey Methodology
 * 35(2):125-141. Bounds: r_h = min(hi_h, max(lo_h, lambda x_h)) with the scalar lambda solved exactly on the
 * piecewise-linear, non-decreasing g(lambda) = sum r_h (breakpoints lo_h / x_h and hi_h / x_h), as the reference
 * script {@code bounded_shares}; integers by largest remainder (Hamilton) rounding. Fixed targets: a_h =
 * min(K_h, max(ceil(m_h / b_mig), ceil(k_h / b_ctrl), lo_h)).
 */
public final class Allocation {
    /**
     * What a stratum brings to the allocation.
     *
     * @param stratum           stratum id
     * @param eas               K_h, EAs in the frame
     * @param households        N_h, census households
     * @param migrantHouseholds M_h, census households of the targeted migrant types
     * @param cost              Neyman cost c_h (1 if none)
     */
    public record StratumInput(String stratum, int eas, long households, long migrantHouseholds, double cost) {
        /** @return P_h = M_h / N_h */
        public double prevalence() {
            return households == 0 ? 0 : (double) migrantHouseholds / households;
        }

        /** @return S_h = sqrt(P_h (1 - P_h)) */
        public double sd() {
            double p = prevalence();
            return Math.sqrt(p * (1 - p));
        }
    }

    /**
     * The allocation of one stratum.
     *
     * @param stratum      stratum id
     * @param weight       x_h (NaN for GIVEN and FIXED_TARGETS)
     * @param rawShare     n x_h / sum x (NaN for GIVEN and FIXED_TARGETS)
     * @param boundedShare r_h after the bounds (NaN for GIVEN and FIXED_TARGETS)
     * @param lower        lo_h
     * @param upper        hi_h
     * @param psus         a_h
     * @param required     FIXED_TARGETS: max(ceil(m_h / b_mig), ceil(k_h / b_ctrl), lo_h) before the cap at K_h;
     *                     otherwise a_h
     * @param capped       FIXED_TARGETS: the required PSUs exceed K_h and were capped
     */
    public record StratumAllocation(String stratum, double weight, double rawShare, double boundedShare, int lower,
                                    int upper, int psus, int required, boolean capped) {
    }

    /**
     * An allocation.
     *
     * @param method the method
     * @param total  sum of a_h
     * @param strata per stratum, in stratum order
     */
    public record Result(AllocationMethod method, int total, List<StratumAllocation> strata) {
        /** Copies the list. */
        public Result {
            strata = List.copyOf(strata);
        }

        /** @return a_h per stratum, in stratum order */
        public int[] psus() {
            return strata.stream().mapToInt(StratumAllocation::psus).toArray();
        }
    }

    private Allocation() {
    }

    /**
     * Weights x_h of a method.
     *
     * @param q exponent of POWER (ignored otherwise)
     */
    public static double[] weights(AllocationMethod method, List<StratumInput> strata, double q) {
        double[] x = new double[strata.size()];
        for (int h = 0; h < x.length; h++) {
            StratumInput s = strata.get(h);
            x[h] = switch (method) {
                case PROPORTIONAL -> s.households();
                case EQUAL -> 1.0;
                case NEYMAN -> s.households() * s.sd() / Math.sqrt(s.cost());
                case POWER -> Math.pow(s.households(), q);
                case MIGRANT_PROPORTIONAL -> s.migrantHouseholds();
                default -> throw SamplingException.argument(method + " has no weights");
            };
        }
        return x;
    }

    /**
     * Allocates n PSUs by weights with bounds and largest-remainder rounding (SPEC 3.1-3.3).
     *
     * @param lo lower bounds lo_h
     * @param hi upper bounds hi_h
     * @throws SamplingException {@code INFEASIBLE_ALLOCATION} if sum lo &gt; n, sum hi &lt; n, or the strata of
     *                           positive weight cannot reach n
     */
    public static Result allocate(AllocationMethod method, int n, List<StratumInput> strata, double q, int[] lo,
                                  int[] hi) {
        double[] x = weights(method, strata, q);
        double sx = 0;
        for (double v : x) {
            sx += v;
        }
        double[] lod = Arrays.stream(lo).asDoubleStream().toArray();
        double[] hid = Arrays.stream(hi).asDoubleStream().toArray();
        double[] r = boundedShares(n, x, lod, hid);
        int[] nh = largestRemainder(r, n, hid);
        List<StratumAllocation> out = new ArrayList<>();
        for (int h = 0; h < x.length; h++) {
            out.add(new StratumAllocation(strata.get(h).stratum(), x[h], sx > 0 ? n * x[h] / sx : Double.NaN, r[h],
                    lo[h], hi[h], nh[h], nh[h], false));
        }
        return new Result(method, n, out);
    }

    /**
     * PSUs from fixed migrant and control household targets (SPEC section 3, FIXED):
     * a_h = min(K_h, max(ceil(m_h / b_mig - 1e-9), ceil(k_h / b_ctrl - 1e-9), lo_h)).
     *
     * @param targets m_h and k_h per stratum, stratum order
     * @param bMig    migrant take per PSU
     * @param bCtrl   control take per PSU
     * @param lo      lo_h per stratum
     */
    public static Result fixedTargets(List<StratumInput> strata, List<Design.Target> targets, int bMig, int bCtrl,
                                      int[] lo) {
        if (bMig < 1 || bCtrl < 1) {
            throw SamplingException.design("fixed targets need migrant and control takes >= 1");
        }
        List<StratumAllocation> out = new ArrayList<>();
        int total = 0;
        for (int h = 0; h < strata.size(); h++) {
            Design.Target t = targets.get(h);
            int need = (int) Math.max(Math.max(ceilTol((double) t.migrant() / bMig),
                    ceilTol((double) t.control() / bCtrl)), lo[h]);
            int k = strata.get(h).eas();
            int a = Math.min(k, need);
            total += a;
            out.add(new StratumAllocation(strata.get(h).stratum(), Double.NaN, Double.NaN, Double.NaN, lo[h], k, a,
                    need, need > k));
        }
        return new Result(AllocationMethod.FIXED_TARGETS, total, out);
    }

    /** {@code ceil(x - 1e-9)}: 15.000000000000002 needs 15, not 16. */
    public static long ceilTol(double x) {
        return (long) Math.ceil(x - 1e-9);
    }

    /**
     * Bounded shares: r_h = min(hi_h, max(lo_h, lambda x_h)) with lambda &gt;= 0 such that sum r_h = n, solved
     * exactly on the piecewise-linear function (strata with x_h = 0 get lo_h).
     *
     * @param hi upper bounds ({@link Double#POSITIVE_INFINITY} for none)
     * @throws SamplingException {@code INFEASIBLE_ALLOCATION} if sum lo &gt; n, sum hi &lt; n, or every stratum with
     *                           positive weight is at its upper bound before n is reached
     */
    public static double[] boundedShares(double n, double[] x, double[] lo, double[] hi) {
        int m = x.length;
        double sumLo = 0;
        double sumHi = 0;
        double reach = 0;
        for (int h = 0; h < m; h++) {
            if (!(x[h] >= 0) || Double.isInfinite(x[h])) {
                throw SamplingException.argument("allocation weights must be finite and >= 0");
            }
            if (lo[h] > hi[h]) {
                throw infeasible("stratum " + (h + 1) + " has lower bound " + lo[h] + " above its upper bound "
                        + hi[h], n);
            }
            sumLo += lo[h];
            sumHi += hi[h];
            reach += x[h] > 0 ? hi[h] : lo[h];
        }
        if (sumLo > n + 1e-9) {
            throw infeasible("the lower bounds sum to " + sumLo + ", more than n = " + n, n);
        }
        if (sumHi < n - 1e-9) {
            throw infeasible("the upper bounds sum to " + sumHi + ", less than n = " + n, n);
        }
        if (reach < n - 1e-9) {
            throw infeasible("cannot reach n = " + n + ": every stratum with positive weight is at its upper bound",
                    n);
        }
        TreeSet<Double> set = new TreeSet<>();
        set.add(0.0);
        for (int h = 0; h < m; h++) {
            if (x[h] > 0) {
                set.add(lo[h] / x[h]);
                if (Double.isFinite(hi[h])) {
                    set.add(hi[h] / x[h]);
                }
            }
        }
        double[] bp = set.stream().mapToDouble(Double::doubleValue).toArray();
        double[] gv = new double[bp.length];
        for (int k = 0; k < bp.length; k++) {
            gv[k] = g(bp[k], x, lo, hi);
        }
        if (Math.abs(gv[0] - n) <= 1e-12) {
            return clamp(0, x, lo, hi);
        }
        int k = -1;
        for (int i = 0; i < bp.length; i++) {
            if (gv[i] >= n) {
                k = i;
                break;
            }
        }
        double l0;
        double lm;
        if (k < 0) {
            l0 = bp[bp.length - 1];
            lm = l0 + 1;
        } else {
            if (Math.abs(gv[k] - n) <= 1e-12 || k == 0) {
                return clamp(bp[k], x, lo, hi);
            }
            l0 = bp[k - 1];
            lm = (l0 + bp[k]) / 2;
        }
        // on (l0, next breakpoint) the free strata are those with lo < lambda x < hi
        boolean[] free = new boolean[m];
        double fixed = 0;
        double freeX = 0;
        for (int h = 0; h < m; h++) {
            free[h] = x[h] > 0 && lm * x[h] > lo[h] && lm * x[h] < hi[h];
            if (free[h]) {
                freeX += x[h];
            } else {
                fixed += Math.min(hi[h], Math.max(lo[h], lm * x[h]));
            }
        }
        double lambda = (n - fixed) / freeX;
        double[] r = clamp(lambda, x, lo, hi);
        for (int h = 0; h < m; h++) {
            if (free[h]) {
                r[h] = lambda * x[h];
            }
        }
        return r;
    }

    private static double g(double lambda, double[] x, double[] lo, double[] hi) {
        double s = 0;
        for (int h = 0; h < x.length; h++) {
            s += Math.min(hi[h], Math.max(lo[h], lambda * x[h]));
        }
        return s;
    }

    private static double[] clamp(double lambda, double[] x, double[] lo, double[] hi) {
        double[] r = new double[x.length];
        for (int h = 0; h < x.length; h++) {
            r[h] = Math.min(hi[h], Math.max(lo[h], lambda * x[h]));
        }
        return r;
    }

    /**
     * Largest-remainder (Hamilton) rounding of shares summing to the integer n: n_h = floor(r_h + 1e-12), then one
     * more unit each, in decreasing order of fractional part, until the sum is n, never above hi_h. Fractional parts
     * that differ by at most 1e-12 are ties (after sorting, a run whose neighbours differ by &lt;= 1e-12 is one tie
     * group), broken by stratum order (earlier first).
     *
     * @throws SamplingException {@code INFEASIBLE_ALLOCATION} if the upper bounds leave units unplaced
     */
    public static int[] largestRemainder(double[] r, int n, double[] hi) {
        int m = r.length;
        int[] out = new int[m];
        double[] frac = new double[m];
        long sum = 0;
        for (int h = 0; h < m; h++) {
            out[h] = (int) Math.floor(r[h] + 1e-12);
            frac[h] = Math.max(0, r[h] - out[h]);
            sum += out[h];
        }
        long left = n - sum;
        Integer[] byFrac = new Integer[m];
        for (int h = 0; h < m; h++) {
            byFrac[h] = h;
        }
        Arrays.sort(byFrac, (a, b) -> Double.compare(frac[b], frac[a]));
        // tie groups: consecutive (in decreasing order) fractions within 1e-12; inside a group, stratum order
        List<Integer> order = new ArrayList<>();
        int i = 0;
        while (i < m) {
            int j = i + 1;
            while (j < m && frac[byFrac[j - 1]] - frac[byFrac[j]] <= 1e-12) {
                j++;
            }
            List<Integer> group = new ArrayList<>(Arrays.asList(byFrac).subList(i, j));
            group.sort(null);
            order.addAll(group);
            i = j;
        }
        for (int h : order) {
            if (left <= 0) {
                break;
            }
            if (out[h] + 1 <= hi[h]) {
                out[h]++;
                left--;
            }
        }
        if (left != 0) {
            throw infeasible("could not place all units within the upper bounds", n);
        }
        return out;
    }

    private static SamplingException infeasible(String message, double n) {
        return new SamplingException(SamplingException.Code.INFEASIBLE_ALLOCATION, message, Map.of("n", n));
    }
}
