package org.fieldsync.sampling;

/**
 * One selected PSU of the first stage.
 *
 * @param psuId         PSU id: the EA id, or {@code <ea>#<k>} for segment k of an EA hit several times (SEGMENTS)
 * @param eaId          the EA
 * @param stratum       stratum id
 * @param sortOrder     1-based position of the EA in the stored frame order (strata in order, then sort keys, ea_id)
 * @param mos           measure of size
 * @param pi1           first-stage inclusion probability (1 for certainty); with multiple hits the expected hits
 *                      e_i (or e_i / h per segment)
 * @param expectedHits  e_i = a_h MOS_i / sum of MOS in the stratum (before the certainty rule); sets the certainty
 *                      take b' = ceil(b e_i - 1e-9)
 * @param hits          1, or with multiple hits the number of hits (MULTIPLY_TAKE: the take is multiplied by it)
 * @param certainty     taken with certainty (a self-representing PSU: its own variance strata)
 * @param forced        certainty because the frame flags it {@code force_certainty}
 * @param segment       segment number (1 unless SEGMENTS split the EA)
 * @param segments      number of segments of the EA (1 unless split)
 * @param start         the stratum's first-stage start u
 */
public record FirstStageSelection(String psuId, String eaId, String stratum, int sortOrder, double mos, double pi1,
                                  double expectedHits, int hits, boolean certainty, boolean forced, int segment,
                                  int segments, double start) {
    /** @return the first-stage weight factor hits / pi1 (= 1 / pi1 for the certainty design) */
    public double stageOneWeight() {
        return hits / pi1;
    }
}
