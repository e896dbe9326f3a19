package org.fieldsync.sampling;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Systematic selection from a random start (SPEC sections 4.2-4.3, 5A, 9.3).
 *
 * <p>Source: Madow (1949), "On the theory of systematic sampling, II", Ann. Math. Statist. 20:333-354, as
 * implemented by {@code sampling::UPsystematic} (R package sampling 2.9), with its {@code runif(1)} replaced by a
 * stored start u: over the units with 0 &lt; pi &lt; 1, in frame order, V_0 = 0, V_k = V_{k-1} + pi_k; unit k is
 * selected iff {@code floor(V_k - u) > floor(V_{k-1} - u)}, i.e. a point u + m (m = 0, 1, ...) lies in
 * (V_{k-1}, V_k]. Units with pi = 1 are always selected, units with pi = 0 never. Where R passes a value within 1e-6
 * of 0 or 1 through unchanged (returning it as the unit's "indicator"), this class refuses it
 * ({@code PROBABILITY_NEAR_BOUNDARY}), as the SPEC requires.
 *
 * <p>With integer sizes the cumulative sums are exact: V_k = rem C_k / S with integer C_k and S, so
 * {@code floor(V_k - u)} is computed from the integer quotient and remainder ({@link #floorShift}); no rounding can
 * move a selection across a boundary, whatever the frame size.
 */
public final class Systematic {
    /** Values within this distance of 0 or 1 (and not 0 or 1) are refused. */
    public static final double EPS = 1e-6;

    /**
     * One sample of the support of a systematic design and its probability.
     *
     * @param probability length of the set of starts u that give this sample
     * @param selected    selection indicator per unit
     */
    public record SupportPoint(double probability, boolean[] selected) {
    }

    private Systematic() {
    }

    /**
     * UPsystematic with a given start.
     *
     * @param pik inclusion probabilities in [0, 1], frame order; a value p with 0 &lt; p &lt;= 1e-6 or
     *            1 - 1e-6 &lt;= p &lt; 1 is refused
     * @param u   start, 0 &lt; u &lt; 1
     * @return selection indicators, frame order
     * @throws SamplingException {@code PROBABILITY_NEAR_BOUNDARY} for a value near 0 or 1; {@code INVALID_ARGUMENT}
     *                           for a value outside [0, 1] or a start outside (0, 1)
     */
    public static boolean[] select(double[] pik, double u) {
        Starts.checkStart(u, "the start");
        checkProbabilities(pik, null);
        boolean[] s = new boolean[pik.length];
        double v = 0;
        double prevFloor = Math.floor(-u);
        for (int k = 0; k < pik.length; k++) {
            double p = pik[k];
            if (p == 1.0) {
                s[k] = true;
            } else if (p > 0.0) {
                v += p;
                double f = Math.floor(v - u);
                s[k] = f > prevFloor;
                prevFloor = f;
            }
        }
        return s;
    }

    /**
     * Equal-probability systematic selection of b of L listed units by the classical interval form (SPEC 5A):
     * positions {@code ceil(u I + j I)}, I = L / b, j = 0..b-1; identical to {@link #select} with pik = b / L.
     *
     * @return the selected positions (1-based, increasing); all 1..L when b &gt;= L
     */
    public static int[] equalProbabilityPositions(int listed, int take, double u) {
        if (listed < 0 || take < 0) {
            throw SamplingException.argument("listed and take must be >= 0");
        }
        if (take >= listed) {
            int[] all = new int[listed];
            for (int i = 0; i < listed; i++) {
                all[i] = i + 1;
            }
            return all;
        }
        Starts.checkStart(u, "the start");
        checkProbability((double) take / listed, "b/L");
        double interval = (double) listed / take;
        int[] out = new int[take];
        for (int j = 0; j < take; j++) {
            out[j] = (int) Math.ceil(u * interval + j * interval);
        }
        return out;
    }

    /**
     * Multiple-hit PPS systematic on real expected hits (SPEC section 4, alternative): hits_i = number of points
     * u + m in (E_{i-1}, E_i], E the cumulative expected hits.
     */
    public static int[] hits(double[] expected, double u) {
        Starts.checkStart(u, "the start");
        int[] h = new int[expected.length];
        double e = 0;
        double prev = Math.floor(-u);
        for (int i = 0; i < expected.length; i++) {
            if (!(expected[i] >= 0) || Double.isInfinite(expected[i])) {
                throw SamplingException.argument("expected hits must be finite and >= 0");
            }
            e += expected[i];
            double f = Math.floor(e - u);
            h[i] = (int) (f - prev);
            prev = f;
        }
        return h;
    }

    /**
     * Multiple-hit PPS systematic on integer sizes, exact: expected hits n MOS_i / S, hits_i = number of points
     * u + m in (n C_{i-1} / S, n C_i / S].
     *
     * @param sizes MOS_i &gt;= 0
     * @param n     total hits
     * @param u     start
     * @return hits per unit; they sum to n
     */
    public static int[] hits(long[] sizes, int n, double u) {
        Starts.checkStart(u, "the start");
        long s = 0;
        for (long v : sizes) {
            if (v < 0) {
                throw SamplingException.argument("measure of size must be >= 0");
            }
            s = InclusionProbabilities.addExact(s, v);
        }
        int[] h = new int[sizes.length];
        if (s == 0 || n == 0) {
            return h;
        }
        long c = 0;
        long prev = floorShift(0, s, u);
        for (int i = 0; i < sizes.length; i++) {
            c += sizes[i];
            long f = floorShift(multiplyExact(n, c), s, u);
            h[i] = (int) (f - prev);
            prev = f;
        }
        return h;
    }

    /**
     * PPS systematic selection of the non-certainty units with exact integer cumulation: unit k (certainty flag
     * false, size &gt; 0) is selected iff floor(rem C_k / S - u) &gt; floor(rem C_{k-1} / S - u), C the cumulative
     * size of non-certainty units, S their total. Certainty units are selected.
     */
    static boolean[] selectExact(long[] sizes, boolean[] certainty, int rem, double u) {
        Starts.checkStart(u, "the start");
        long s = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (!certainty[i]) {
                s += sizes[i];
            }
        }
        boolean[] sel = new boolean[sizes.length];
        long c = 0;
        long prev = floorShift(0, s == 0 ? 1 : s, u);
        for (int i = 0; i < sizes.length; i++) {
            if (certainty[i]) {
                sel[i] = true;
            } else if (sizes[i] > 0) {
                c += sizes[i];
                long f = floorShift(multiplyExact(rem, c), s, u);
                sel[i] = f > prev;
                prev = f;
            }
        }
        return sel;
    }

    /**
     * Exact {@code floor(t / s - u)} for integers t &gt;= 0, s &gt; 0 and a double 0 &lt; u &lt; 1: with
     * t = q s + r, it is q when r / s &gt;= u and q - 1 otherwise; r &gt;= u s is decided in double arithmetic when
     * clear by a margin and with exact decimal arithmetic otherwise.
     */
    static long floorShift(long t, long s, double u) {
        long q = t / s;
        long r = t % s;
        double us = u * (double) s;
        double margin = 4 * Math.ulp(Math.max(us, (double) s));
        boolean atLeast;
        if (r > us + margin) {
            atLeast = true;
        } else if (r < us - margin) {
            atLeast = false;
        } else {
            atLeast = BigDecimal.valueOf(r).compareTo(new BigDecimal(u).multiply(BigDecimal.valueOf(s))) >= 0;
        }
        return atLeast ? q : q - 1;
    }

    private static long multiplyExact(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new SamplingException(SamplingException.Code.NUMERIC_OVERFLOW,
                    "PSUs x measure of size exceeds 2^63");
        }
    }

    /**
     * The support of a systematic design (SPEC 9.3): cut [0, 1) at the fractional parts of the cumulative sums;
     * every piece gives one sample (found with the start at the piece's midpoint), with probability the piece's length.
     * Pieces shorter than 1e-15 are dropped, as in the reference script.
     *
     * @param pik probabilities (units at 0 or 1 are included as never / always selected)
     * @return the samples with their probabilities, in increasing order of start
     */
    public static List<SupportPoint> support(double[] pik) {
        checkProbabilities(pik, null);
        List<Double> cuts = new ArrayList<>();
        cuts.add(0.0);
        cuts.add(1.0);
        double v = 0;
        for (double p : pik) {
            if (p > 0 && p < 1) {
                v += p;
                double f = v - Math.floor(v);
                cuts.add(f);
            }
        }
        double[] br = cuts.stream().mapToDouble(Double::doubleValue).distinct().sorted().toArray();
        List<SupportPoint> out = new ArrayList<>();
        for (int k = 0; k + 1 < br.length; k++) {
            double len = br[k + 1] - br[k];
            if (len <= 1e-15) {
                continue;
            }
            double mid = (br[k] + br[k + 1]) / 2;
            out.add(new SupportPoint(len, select(pik, mid)));
        }
        return out;
    }

    /**
     * Exact joint inclusion probabilities pi_kl of a systematic design, from its {@link #support} (the diagonal
     * holds the first-order probabilities computed the same way).
     */
    public static double[][] jointInclusion(double[] pik) {
        int n = pik.length;
        double[][] j = new double[n][n];
        for (SupportPoint sp : support(pik)) {
            boolean[] s = sp.selected();
            for (int a = 0; a < n; a++) {
                if (s[a]) {
                    for (int b = 0; b < n; b++) {
                        if (s[b]) {
                            j[a][b] += sp.probability();
                        }
                    }
                }
            }
        }
        return j;
    }

    /** Refuses probabilities outside [0, 1] and values within 1e-6 of 0 or 1 (SPEC: R would pass them through). */
    static void checkProbabilities(double[] pik, String[] ids) {
        for (int k = 0; k < pik.length; k++) {
            checkProbability(pik[k], ids == null ? "unit " + (k + 1) : ids[k]);
        }
    }

    static void checkProbability(double p, String what) {
        if (!(p >= 0 && p <= 1)) {
            throw SamplingException.argument("inclusion probability of " + what + " is " + p
                    + ", outside [0, 1]");
        }
        if ((p > 0 && p <= EPS) || (p >= 1 - EPS && p < 1)) {
            throw new SamplingException(SamplingException.Code.PROBABILITY_NEAR_BOUNDARY,
                    "inclusion probability of " + what + " is " + p + ", within 1e-6 of " + (p < 0.5 ? "0" : "1")
                            + " but not equal to it; systematic selection cannot treat it exactly (make the unit "
                            + (p < 0.5 ? "excluded or larger" : "a certainty unit with force_certainty") + ")",
                    Map.of("unit", what, "pi", p, "hex", Double.toHexString(p)));
        }
    }

    static int count(boolean[] s) {
        int c = 0;
        for (boolean b : s) {
            if (b) {
                c++;
            }
        }
        return c;
    }

    static int[] positions(boolean[] s) {
        int[] out = new int[count(s)];
        int j = 0;
        for (int i = 0; i < s.length; i++) {
            if (s[i]) {
                out[j++] = i + 1;
            }
        }
        return Arrays.copyOf(out, j);
    }
}
