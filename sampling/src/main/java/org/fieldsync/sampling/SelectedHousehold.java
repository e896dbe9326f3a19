package org.fieldsync.sampling;

/**
 * One household of the sample with its probabilities and base weight (SPEC section 6).
 *
 * @param psuId        the PSU
 * @param eaId         the EA
 * @param stratum      stratum id
 * @param line         listing line
 * @param householdId  id from the listing ("" if none)
 * @param type         household type
 * @param takeClass    take class it was selected in
 * @param group        migrant or control
 * @param certaintyPsu the PSU is a certainty EA (variance: its own strata, households as PSUs)
 * @param pi1          first-stage probability of the PSU (see {@link FirstStageSelection#pi1()})
 * @param hits         first-stage hits
 * @param pi2          second-stage probability within the PSU and take class
 * @param baseWeight   w = hits / (pi1 pi2), i.e. 1 / (pi1 pi2) for the certainty design; never recomputed from
 *                     listing counts
 */
public record SelectedHousehold(String psuId, String eaId, String stratum, int line, String householdId,
                                HouseholdType type, String takeClass, Design.Group group, boolean certaintyPsu,
                                double pi1, int hits, double pi2, double baseWeight) {
}
