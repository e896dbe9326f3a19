package org.fieldsync.sampling;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Totals and ratio means with the with-replacement (ultimate cluster) variance (SPEC section 8):
 * v = sum_h a_h / (a_h - 1) sum_i (z_hi - zbar_h)^2, z_hi = sum_j w e_hij, with e = y for a total and
 * e = (y - R x) / X for a ratio R = Y / X (linearisation). This is what {@code survey::svytotal} and
 * {@code svyratio} compute for {@code svydesign(ids = ~var_psu, strata = ~var_stratum, weights = ~w)}.
 *
 * <p>Source: Hansen, Hurwitz and Madow (1953); Wolter (2007), ch. 6 (Taylor series).
 */
public final class Estimation {
    /**
     * An estimate.
     *
     * @param value    the estimate
     * @param variance its estimated variance
     */
    public record Estimate(double value, double variance) {
        /** @return the standard error */
        public double standardError() {
            return Math.sqrt(variance);
        }
    }

    private Estimation() {
    }

    /** Estimated total of y with weights w; arrays parallel to {@code dv.rows()}. */
    public static Estimate total(double[] y, double[] w, DesignVariables dv) {
        double t = 0;
        double[] z = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            z[i] = w[i] * y[i];
            t += z[i];
        }
        return new Estimate(t, variance(z, dv));
    }

    /** Estimated ratio Y / X (a mean when x = 1, a domain mean with y I_d and x I_d). */
    public static Estimate ratio(double[] y, double[] x, double[] w, DesignVariables dv) {
        double ty = 0;
        double tx = 0;
        for (int i = 0; i < y.length; i++) {
            ty += w[i] * y[i];
            tx += w[i] * x[i];
        }
        double r = ty / tx;
        double[] z = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            z[i] = w[i] * (y[i] - r * x[i]) / tx;
        }
        return new Estimate(r, variance(z, dv));
    }

    private static double variance(double[] z, DesignVariables dv) {
        List<DesignVariables.Row> rows = dv.rows();
        if (rows.size() != z.length) {
            throw SamplingException.argument("values and design variables differ in length");
        }
        Map<String, Map<String, Double>> byStratum = new LinkedHashMap<>();
        for (int i = 0; i < z.length; i++) {
            DesignVariables.Row r = rows.get(i);
            byStratum.computeIfAbsent(r.varStratum(), k -> new LinkedHashMap<>()).merge(r.varPsu(), z[i],
                    Double::sum);
        }
        double v = 0;
        for (Map.Entry<String, Map<String, Double>> e : byStratum.entrySet()) {
            List<Double> zh = new ArrayList<>(e.getValue().values());
            int a = zh.size();
            if (a < 2) {
                if (dv.zeroVarianceStrata().contains(e.getKey())) {
                    continue;
                }
                throw new SamplingException(SamplingException.Code.SINGLE_PSU_STRATUM, "variance stratum "
                        + e.getKey() + " has a single PSU", Map.of("varStratum", e.getKey()));
            }
            double mean = 0;
            for (double x : zh) {
                mean += x;
            }
            mean /= a;
            double ss = 0;
            for (double x : zh) {
                ss += (x - mean) * (x - mean);
            }
            v += a / (a - 1.0) * ss;
        }
        return v;
    }
}
