package org.fieldsync.sampling;

import java.util.Map;

/**
 * First-order inclusion probabilities of PPS selection with the certainty rule (SPEC section 4.1).
 *
 * <p>Source: the rule of {@code sampling::inclusionprobabilities} (Tillé and Matei, R package sampling 2.9):
 * pi_i = n MOS_i / sum MOS; while some unit reaches pi_i &gt;= 1 it is taken with certainty and the others are
 * recomputed as (n - C) MOS_i / sum of the non-certainty MOS, C being the number of certainty units. R does the test
 * in floating point and so misses exact ties in later rounds (sizes 22880, 572, 454, 245, 390, 334, 293 with n = 5:
 * 4 x 572 equals the sum of the six small sizes, yet R returns 0.99999999999999989 for the second unit, and
 * {@code UPsystematic} then passes that value through as an "indicator"). Here, with integer sizes, the test
 * {@code MOS_i (n - C) >= sum of non-certainty MOS} is done in exact 128-bit integer arithmetic and repeated to a
 * fixed point, so such a unit is a certainty unit with pi = 1. Units of size 0 get pi = 0 (never selected); units
 * forced to certainty count in C from the start.
 */
public final class InclusionProbabilities {
    /**
     * Probabilities of one stratum.
     *
     * @param pi        pi_i per unit, input order (1 for certainty units, 0 for size 0)
     * @param certainty certainty flag per unit
     * @param rounds    certainty rounds needed to reach the fixed point (forced units not counted)
     * @param zeroSize  number of units of size 0
     */
    public record Result(double[] pi, boolean[] certainty, int rounds, int zeroSize) {
        /** @return number of certainty units */
        public int certaintyCount() {
            int c = 0;
            for (boolean b : certainty) {
                if (b) {
                    c++;
                }
            }
            return c;
        }
    }

    private InclusionProbabilities() {
    }

    /** {@link #of(long[], int, boolean[])} with no forced unit. */
    public static Result of(long[] sizes, int n) {
        return of(sizes, n, null);
    }

    /**
     * Inclusion probabilities for integer sizes, with the exact certainty test.
     *
     * @param sizes  MOS_i &gt;= 0
     * @param n      units to select, &gt;= 0
     * @param forced units taken with certainty whatever their size ({@code null}: none)
     * @return pi, certainty flags, rounds
     * @throws SamplingException {@code INSUFFICIENT_UNITS} if fewer than n units are forced or of positive size;
     *                           {@code NUMERIC_OVERFLOW} if the sizes sum beyond 2^63
     */
    public static Result of(long[] sizes, int n, boolean[] forced) {
        int k = sizes.length;
        boolean[] cert = new boolean[k];
        int c = 0;
        int eligible = 0;
        int zero = 0;
        for (int i = 0; i < k; i++) {
            if (sizes[i] < 0) {
                throw SamplingException.argument("measure of size must be >= 0");
            }
            if (forced != null && forced[i]) {
                cert[i] = true;
                c++;
            }
            if (sizes[i] == 0) {
                zero++;
            }
            if (sizes[i] > 0 || cert[i]) {
                eligible++;
            }
        }
        checkFeasible(n, c, eligible);
        int rounds = 0;
        long s;
        while (true) {
            long rem = n - c;
            s = 0;
            for (int i = 0; i < k; i++) {
                if (!cert[i]) {
                    s = addExact(s, sizes[i]);
                }
            }
            if (rem == 0) {
                break;
            }
            boolean any = false;
            for (int i = 0; i < k; i++) {
                if (!cert[i] && sizes[i] > 0 && productAtLeast(sizes[i], rem, s)) {
                    cert[i] = true;
                    any = true;
                }
            }
            if (!any) {
                break;
            }
            // all units found in one round are marked together, then C is recounted
            c = 0;
            for (boolean b : cert) {
                if (b) {
                    c++;
                }
            }
            rounds++;
        }
        long rem = n - c;
        double[] pi = new double[k];
        for (int i = 0; i < k; i++) {
            if (cert[i]) {
                pi[i] = 1.0;
            } else if (s > 0 && sizes[i] > 0) {
                pi[i] = ratio(rem, sizes[i], s);
            }
        }
        return new Result(pi, cert, rounds, zero);
    }

    /**
     * Inclusion probabilities for real sizes (composite measure of size): the same rule with the test in double
     * arithmetic ({@code MOS_i (n - C) >= sum}); pi_i = (n - C) MOS_i / sum.
     *
     * @throws SamplingException {@code INSUFFICIENT_UNITS} if fewer than n units are forced or of positive size
     */
    public static Result of(double[] sizes, int n, boolean[] forced) {
        int k = sizes.length;
        boolean[] cert = new boolean[k];
        int c = 0;
        int eligible = 0;
        int zero = 0;
        for (int i = 0; i < k; i++) {
            if (!(sizes[i] >= 0) || Double.isInfinite(sizes[i])) {
                throw SamplingException.argument("measure of size must be finite and >= 0, got " + sizes[i]);
            }
            if (forced != null && forced[i]) {
                cert[i] = true;
                c++;
            }
            if (sizes[i] == 0) {
                zero++;
            }
            if (sizes[i] > 0 || cert[i]) {
                eligible++;
            }
        }
        checkFeasible(n, c, eligible);
        int rounds = 0;
        double s;
        while (true) {
            int rem = n - c;
            s = 0;
            for (int i = 0; i < k; i++) {
                if (!cert[i]) {
                    s += sizes[i];
                }
            }
            if (rem == 0) {
                break;
            }
            boolean any = false;
            for (int i = 0; i < k; i++) {
                if (!cert[i] && sizes[i] > 0 && sizes[i] * rem >= s) {
                    cert[i] = true;
                    any = true;
                    c++;
                }
            }
            if (!any) {
                break;
            }
            rounds++;
        }
        int rem = n - c;
        double[] pi = new double[k];
        for (int i = 0; i < k; i++) {
            if (cert[i]) {
                pi[i] = 1.0;
            } else if (s > 0 && sizes[i] > 0) {
                pi[i] = rem * sizes[i] / s;
            }
        }
        return new Result(pi, cert, rounds, zero);
    }

    private static void checkFeasible(int n, int forced, int eligible) {
        if (n < 0) {
            throw SamplingException.argument("units to select must be >= 0, got " + n);
        }
        if (forced > n) {
            throw new SamplingException(SamplingException.Code.INSUFFICIENT_UNITS, forced
                    + " units are forced to certainty but only " + n + " are to be selected",
                    Map.of("forced", forced, "n", n));
        }
        if (eligible < n) {
            throw new SamplingException(SamplingException.Code.INSUFFICIENT_UNITS, "cannot select " + n
                    + " units: only " + eligible + " have a positive measure of size",
                    Map.of("eligible", eligible, "n", n));
        }
    }

    /** rem * size / s, correctly rounded when rem * size fits in 53 bits (as R computes it). */
    static double ratio(long rem, long size, long s) {
        long hi = Math.multiplyHigh(rem, size);
        long lo = rem * size;
        if (hi == 0 && lo >= 0) {
            return (double) lo / (double) s;
        }
        return new java.math.BigDecimal(java.math.BigInteger.valueOf(rem).multiply(java.math.BigInteger.valueOf(size)))
                .divide(new java.math.BigDecimal(s), java.math.MathContext.DECIMAL64).doubleValue();
    }

    /** Exact {@code a * b >= c} for a, b, c &gt;= 0, with a 128-bit product. */
    static boolean productAtLeast(long a, long b, long c) {
        long hi = Math.multiplyHigh(a, b);
        if (hi != 0) {
            return true;
        }
        long lo = a * b;
        if (lo < 0) {
            return true; // product in [2^63, 2^64) exceeds any long c
        }
        return lo >= c;
    }

    static long addExact(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new SamplingException(SamplingException.Code.NUMERIC_OVERFLOW,
                    "measures of size sum beyond 2^63");
        }
    }
}
