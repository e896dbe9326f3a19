package org.fieldsync.sampling;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Variance design variables of a sample (SPEC section 8): what an analyst passes to
 * {@code svydesign(ids = ~var_psu, strata = ~var_stratum, weights = ~w)} for the with-replacement (ultimate cluster)
 * variance estimator.
 *
 * <p>Source: ultimate-cluster variance, Hansen, Hurwitz and Madow (1953), Sample Survey Methods and Theory, vol. I;
 * self-representing (certainty) PSUs as their own strata with the next stage as PSUs, Wolter (2007), Introduction to
 * Variance Estimation, 2nd ed. Rules: a household of a non-certainty PSU has variance stratum = design stratum and
 * variance PSU = its PSU; a household of a certainty EA has variance stratum {@code CERT:<ea>:<take class>} and is
 * its own PSU ({@code <psu>:<line>}). A variance stratum with a single PSU is an error, except a certainty cell in
 * which every listed household was taken (take-all: its variance is 0).
 */
public final class DesignVariables {
    /**
     * Variance stratum and PSU of one household.
     *
     * @param varStratum variance stratum
     * @param varPsu     variance PSU
     */
    public record Row(String varStratum, String varPsu) {
    }

    private final List<Row> rows;
    private final Set<String> zeroVariance;
    private final Set<String> singlePsu;

    private DesignVariables(List<Row> rows, Set<String> zeroVariance, Set<String> singlePsu) {
        this.rows = List.copyOf(rows);
        this.zeroVariance = Collections.unmodifiableSet(new LinkedHashSet<>(zeroVariance));
        this.singlePsu = Collections.unmodifiableSet(new LinkedHashSet<>(singlePsu));
    }

    /**
     * Builds the design variables of a sample (usually the respondents, with their adjusted weights kept aside).
     *
     * @param sample households, any order
     * @return rows parallel to {@code sample}
     * @throws SamplingException {@code SINGLE_PSU_STRATUM} naming the first variance stratum with one PSU
     */
    public static DesignVariables of(List<SelectedHousehold> sample) {
        DesignVariables dv = allowingSinglePsu(sample);
        if (!dv.singlePsu.isEmpty()) {
            String stratum = dv.singlePsu.iterator().next();
            String psu = dv.rows.stream().filter(r -> r.varStratum().equals(stratum)).findFirst().orElseThrow()
                    .varPsu();
            throw new SamplingException(SamplingException.Code.SINGLE_PSU_STRATUM, "variance stratum " + stratum
                    + " has a single PSU (" + psu + "); its variance cannot be estimated: allocate at least 2 PSUs "
                    + "or collapse strata", Map.of("varStratum", stratum, "varPsu", psu));
        }
        return dv;
    }

    /**
     * As {@link #of}, but a variance stratum with a single PSU that is not a take-all certainty cell (a take of 1
     * in a certainty EA whose class had more listed households) is reported by {@link #singlePsuStrata()} instead of
     * refused: an export still gives every household its variance stratum and PSU, and says which strata have no
     * variance estimate of their own.
     *
     * @param sample households, any order
     * @return rows parallel to {@code sample}
     */
    public static DesignVariables allowingSinglePsu(List<SelectedHousehold> sample) {
        List<Row> rows = new ArrayList<>();
        Map<String, Set<String>> psus = new LinkedHashMap<>();
        Map<String, Boolean> takeAllCert = new LinkedHashMap<>();
        for (SelectedHousehold h : sample) {
            Row r;
            if (h.certaintyPsu()) {
                r = new Row("CERT:" + h.eaId() + ":" + h.takeClass(), h.psuId() + ":" + h.line());
                takeAllCert.merge(r.varStratum(), h.pi2() == 1.0, Boolean::logicalAnd);
            } else {
                r = new Row(h.stratum(), h.psuId());
            }
            rows.add(r);
            psus.computeIfAbsent(r.varStratum(), k -> new LinkedHashSet<>()).add(r.varPsu());
        }
        Set<String> zero = new LinkedHashSet<>();
        Set<String> single = new LinkedHashSet<>();
        for (Map.Entry<String, Set<String>> e : psus.entrySet()) {
            if (e.getValue().size() < 2) {
                (Boolean.TRUE.equals(takeAllCert.get(e.getKey())) ? zero : single).add(e.getKey());
            }
        }
        return new DesignVariables(rows, zero, single);
    }

    /** @return one row per household, parallel to the input */
    public List<Row> rows() {
        return rows;
    }

    /** @return variance strata with one PSU that are take-all certainty cells (variance 0) */
    public Set<String> zeroVarianceStrata() {
        return zeroVariance;
    }

    /**
     * @return variance strata with one PSU that are not take-all certainty cells, in the order first met (always
     *         empty from {@link #of}, which refuses them)
     */
    public Set<String> singlePsuStrata() {
        return singlePsu;
    }
}
