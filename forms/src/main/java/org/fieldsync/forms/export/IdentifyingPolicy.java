package org.fieldsync.forms.export;

/**
 * What an export does with the variables a questionnaire marks {@code x-identifying} (names, phone numbers, exact
 * GPS), or that sit inside an object or array so marked.
 */
public enum IdentifyingPolicy {
    /**
     * The default: identifying variables are absent from the files, the codebook and the scripts. A GPS pair
     * ({@code lat}/{@code latitude} and {@code lon}/{@code lng}/{@code longitude} numbers directly under an
     * identifying object) is replaced by its values rounded to 0.1 degree (about 11 km), named
     * {@code <name>_01}, e.g. {@code gps_lat_01}.
     */
    DROP,
    /** Admin-authorised exports only: identifying variables are exported as answered, and flagged in the codebook. */
    KEEP
}
