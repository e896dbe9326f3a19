package org.fieldsync.sampling;

/**
 * What a plan gives one stratum.
 *
 * @param stratum             the stratum and its frame totals
 * @param allocation          its allocation (weights, shares, bounds, a_h)
 * @param psus                a_h, PSUs allocated
 * @param certaintyEas        EAs taken with certainty (forced included)
 * @param nonCertaintyPsus    a_h minus the certainty EAs: the PSUs of the stratum's variance stratum
 * @param selectedPsus        PSU rows selected (segments counted separately)
 * @param zeroSizeEas         EAs with measure of size 0 (pi1 = 0, never selected)
 * @param start               the first-stage start u
 * @param orderSha256         SHA-256 of the EA ids in stored order (each followed by a newline)
 * @param migrantRate         f_{h,mig} (NaN when the design uses no rates)
 * @param controlRate         f_{h,ctrl} (NaN when the design uses no rates)
 * @param expectedMigrant     expected achieved migrant households (SPEC 3): sum_i pi1_i sum_t min(b_t, N_{i,t})
 *                            over migrant take classes (fixed take; nominal b_t) or sum_i pi1_i r_{i,t} N_{i,t}
 *                            (fixed rate), census counts
 * @param expectedControl     the same for control households
 * @param expectedListingLoad sum_i pi1_i census_hh_i: expected households to list
 * @param listingLoad         census households of the selected EAs: households the teams will list
 */
public record StratumSummary(Stratum stratum, Allocation.StratumAllocation allocation, int psus, int certaintyEas,
                             int nonCertaintyPsus, int selectedPsus, int zeroSizeEas, double start,
                             String orderSha256, double migrantRate, double controlRate, double expectedMigrant,
                             double expectedControl, double expectedListingLoad, long listingLoad) {
    /** @return the stratum id */
    public String id() {
        return stratum.id();
    }
}
