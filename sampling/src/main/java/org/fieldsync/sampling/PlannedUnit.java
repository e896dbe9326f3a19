package org.fieldsync.sampling;

/**
 * One EA of a stratum as the plan sees it, selected or not (for audit and reports).
 *
 * @param eaId         the EA
 * @param stratum      stratum id
 * @param sortOrder    1-based position in the stored frame order
 * @param mos          measure of size
 * @param pi1          first-stage inclusion probability (expected hits with multiple hits)
 * @param expectedHits e_i = a_h MOS_i / sum MOS
 * @param certainty    certainty EA
 * @param hits         hits (0 = not selected)
 */
public record PlannedUnit(String eaId, String stratum, int sortOrder, double mos, double pi1, double expectedHits,
                          boolean certainty, int hits) {
    /** @return true if the EA is in the sample */
    public boolean selected() {
        return hits > 0;
    }
}
