package org.fieldsync.forms.export;

/**
 * The sample design columns of the root level, or of a side {@link Table}, for the R script's {@code svydesign}
 * call (package {@code survey}). Each is a column of that level (usually an {@link ExtraColumn}) or table.
 *
 * @param psu       the primary sampling unit column ({@code ids = ~psu}); null for {@code ids = ~1}
 * @param strata    the stratum column ({@code strata = ~stratum}); null for an unstratified design
 * @param weight    the weight column ({@code weights = ~weight}); null for none
 * @param lonelyPsu how {@code survey} treats a stratum with a single PSU ({@code options(survey.lonely.psu = ...)}:
 *                  {@code "certainty"}, {@code "adjust"}, {@code "average"}, {@code "remove"}); null leaves R's
 *                  default, which stops a variance estimate at such a stratum
 */
public record SurveyDesign(String psu, String strata, String weight, String lonelyPsu) {
    /** A design with R's default for single-PSU strata. */
    public SurveyDesign(String psu, String strata, String weight) {
        this(psu, strata, weight, null);
    }
}
