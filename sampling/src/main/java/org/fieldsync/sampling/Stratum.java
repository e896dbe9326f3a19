package org.fieldsync.sampling;

/**
 * An explicit stratum: domain x prevalence class (SPEC section 2), with its frame totals.
 *
 * @param index             position in stratum order (domains in text order; inside a domain, highest class first)
 * @param id                stratum id (see {@link Design})
 * @param domain            the domain ("" when none)
 * @param classIndex        prevalence class k (0 = below the first cut-off)
 * @param classLabel        label of the class
 * @param eas               K_h, EAs
 * @param households        N_h, census households
 * @param migrantHouseholds M_h, census households of the targeted migrant types
 * @param controlHouseholds census NON households
 */
public record Stratum(int index, String id, String domain, int classIndex, String classLabel, int eas,
                      long households, long migrantHouseholds, long controlHouseholds) {
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
