package org.fieldsync.sampling;

import java.util.Map;

/**
 * Sample size and precision per comparison group (SPEC section 10).
 *
 * <p>Sources: n for a difference of two proportions, normal approximation without continuity correction (Fleiss,
 * Levin and Paik, Statistical Methods for Rates and Proportions, 3rd ed., 2003, eq. 4.14; the equation that
 * {@code stats::power.prop.test} solves numerically); design effect of clustering 1 + (b - 1) rho and of unequal
 * weights n sum w^2 / (sum w)^2 (Kish, Survey Sampling, 1965; Kish 1992, J. Official Statistics 8:183-200);
 * normal quantiles by Wichura's algorithm AS 241 (Applied Statistics 37:477-484, 1988), accurate to about 1e-16,
 * as R's {@code qnorm}. Closed forms are used where R's {@code power.prop.test} iterates with {@code uniroot}
 * (which agrees with them only to about 1e-4 relative).
 */
public final class SampleSize {
    private SampleSize() {
    }

    /**
     * n0 per group to detect p1 vs p2: [z_{1-a/2} sqrt(2 pbar qbar) + z_{1-b} sqrt(p1 q1 + p2 q2)]^2 / (p1 - p2)^2.
     *
     * @param alpha two-sided significance level
     * @param power 1 - beta
     * @throws SamplingException {@code INVALID_ARGUMENT} if a proportion is not in (0, 1), p1 = p2, or alpha or power
     *                           is not in (0, 1)
     */
    public static double twoProportions(double p1, double p2, double alpha, double power) {
        open(p1, "p1");
        open(p2, "p2");
        open(alpha, "alpha");
        open(power, "power");
        if (p1 == p2) {
            throw SamplingException.argument("p1 and p2 must differ");
        }
        double za = Normal.quantile(1 - alpha / 2);
        double zb = Normal.quantile(power);
        double pbar = (p1 + p2) / 2;
        double s = za * Math.sqrt(2 * pbar * (1 - pbar)) + zb * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        return s * s / ((p1 - p2) * (p1 - p2));
    }

    /** n0 to estimate a proportion p with margin of error moe: z_{1-a/2}^2 p (1 - p) / moe^2. */
    public static double oneProportion(double p, double moe, double alpha) {
        open(p, "p");
        open(alpha, "alpha");
        if (!(moe > 0)) {
            throw SamplingException.argument("margin of error must be > 0");
        }
        double z = Normal.quantile(1 - alpha / 2);
        return z * z * p * (1 - p) / (moe * moe);
    }

    /**
     * Households to select: {@code ceil(n0 x deff / responseRate - 1e-9)}.
     *
     * @throws SamplingException {@code INVALID_ARGUMENT} if deff &lt; 0 or the response rate is not in (0, 1]
     */
    public static long inflate(double n0, double deff, double responseRate) {
        if (!(responseRate > 0 && responseRate <= 1) || !(deff >= 0) || !(n0 >= 0)) {
            throw SamplingException.argument("need n0 >= 0, deff >= 0 and a response rate in (0, 1]");
        }
        return Allocation.ceilTol(n0 * deff / responseRate);
    }

    /** Design effect of clustering: 1 + (b - 1) rho, b households per PSU, rho intra-class correlation. */
    public static double deffCluster(double b, double rho) {
        return 1 + (b - 1) * rho;
    }

    /** Kish design effect of unequal weights: n sum w^2 / (sum w)^2 (= 1 + cv^2, cv with divisor n). */
    public static double deffKish(double[] w) {
        double s = 0;
        double s2 = 0;
        for (double x : w) {
            s += x;
            s2 += x * x;
        }
        return w.length * s2 / (s * s);
    }

    /** Design effect [1 + (b - 1) rho] x Kish(w). */
    public static double deff(double b, double rho, double[] w) {
        return deffCluster(b, rho) * deffKish(w);
    }

    /** PSUs needed: {@code ceil(n / b - 1e-9)}. */
    public static long psusNeeded(double n, double take) {
        if (!(take > 0)) {
            throw SamplingException.argument("take must be > 0");
        }
        return Allocation.ceilTol(n / take);
    }

    /** Households to list to find n households of a group of prevalence P: n / P. */
    public static double householdsToList(double n, double prevalence) {
        if (!(prevalence > 0 && prevalence <= 1)) {
            throw SamplingException.argument("prevalence must lie in (0, 1]");
        }
        return n / prevalence;
    }

    /** Households each PSU must list to yield a take b at prevalence P: b / P. */
    public static double listedPerPsu(double take, double prevalence) {
        return householdsToList(take, prevalence);
    }

    /** Margin of error of a proportion p from n with design effect deff: z_{1-a/2} sqrt(p (1 - p) deff / n). */
    public static double marginOfError(double p, double n, double deff, double alpha) {
        return Normal.quantile(1 - alpha / 2) * Math.sqrt(p * (1 - p) * deff / n);
    }

    /**
     * Minimum detectable difference d &gt; 0 for n per group: the d with n0(p1, p1 + d) = n / deff, searched in
     * (1e-6, 1 - p1 - 1e-9) by bisection to machine precision.
     *
     * @throws SamplingException {@code INVALID_ARGUMENT} if no d in that interval solves it
     */
    public static double minimumDetectableDifference(double n, double p1, double alpha, double power, double deff) {
        open(p1, "p1");
        double neff = n / deff;
        double lo = 1e-6;
        double hi = 1 - p1 - 1e-9;
        double flo = twoProportions(p1, p1 + lo, alpha, power) - neff;
        double fhi = twoProportions(p1, p1 + hi, alpha, power) - neff;
        if (Math.signum(flo) == Math.signum(fhi)) {
            throw new SamplingException(SamplingException.Code.INVALID_ARGUMENT, "no detectable difference in "
                    + "(1e-6, 1 - p1) for n = " + n + ", deff = " + deff, Map.of("n", n, "p1", p1, "deff", deff));
        }
        for (int i = 0; i < 200 && hi - lo > 0; i++) {
            double mid = (lo + hi) / 2;
            if (mid <= lo || mid >= hi) {
                break;
            }
            double fm = twoProportions(p1, p1 + mid, alpha, power) - neff;
            if (Math.signum(fm) == Math.signum(flo)) {
                lo = mid;
                flo = fm;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    private static void open(double p, String name) {
        if (!(p > 0 && p < 1)) {
            throw SamplingException.argument(name + " must lie in (0, 1), got " + p);
        }
    }

    /** The standard normal distribution. */
    public static final class Normal {
        private Normal() {
        }

        /**
         * Quantile of the standard normal (Wichura, AS 241, PPND16), relative accuracy about 1e-16.
         *
         * @param p probability in (0, 1)
         * @return z with Phi(z) = p
         */
        public static double quantile(double p) {
            if (!(p > 0 && p < 1)) {
                throw SamplingException.argument("normal quantile needs p in (0, 1), got " + p);
            }
            double q = p - 0.5;
            if (Math.abs(q) <= 0.425) {
                double r = 0.180625 - q * q;
                return q * (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r
                        + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                        + 133.14166789178437745) * r + 3.387132872796366608)
                        / (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r
                        + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r
                        + 42.313330701600911252) * r + 1.0);
            }
            double r = q < 0 ? p : 1 - p;
            r = Math.sqrt(-Math.log(r));
            double val;
            if (r <= 5) {
                r -= 1.6;
                val = (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r
                        + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r
                        + 4.6303378461565452959) * r + 1.42343711074968357734)
                        / (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966)
                        * r + 0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r
                        + 2.05319162663775882187) * r + 1.0);
            } else {
                r -= 5;
                val = (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r
                        + 0.0012426609473880784386) * r + 0.026532189526576123093) * r + 0.29656057182850489123) * r
                        + 1.7848265399172913358) * r + 5.4637849111641143699) * r + 6.6579046435011037772)
                        / (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r
                        + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r + 0.0148753612908506148525) * r
                        + 0.13692988092273580531) * r + 0.59983220655588793769) * r + 1.0);
            }
            return q < 0 ? -val : val;
        }
    }
}
