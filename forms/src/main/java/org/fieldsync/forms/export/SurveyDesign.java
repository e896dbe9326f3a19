package org.fieldsync.forms.export;

/**
 * The sample design columns of the root level, or of a side {@link Table}, for the R script's {@code svydesign}
 * call (package {@code survey}). Each is a column of that level (usually an {@link ExtraColumn}) or table.
 *
 * @param psu    the primary sampling unit column ({@code ids = ~psu}); null for {@code ids = ~1}
 * @param strata the stratum column ({@code strata = ~stratum}); null for an unstratified design
 * @param weight the weight column ({@code weights = ~weight}); null for none
 */
public record SurveyDesign(String psu, String strata, String weight) {
}
