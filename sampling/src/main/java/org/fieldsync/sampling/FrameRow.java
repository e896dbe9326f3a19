package org.fieldsync.sampling;

import java.util.Objects;

/**
 * One enumeration area (EA) of a census frame (SPEC section 1).
 *
 * @param eaId           unique identifier of the EA
 * @param domain         domain of estimation (e.g. region x urban/rural); empty when the survey has one domain
 * @param sortKeys       geography used for implicit stratification; EAs of a stratum are sorted by it (plain
 *                       {@link String#compareTo} order, so zero-pad numeric codes, e.g. {@code R01/D003/C0012}),
 *                       then by {@code eaId}; empty sorts first
 * @param censusHh       census households, &gt;= 0 (EAs with 0 are excluded at import and reported)
 * @param censusEmigHh   census households with a member abroad, 0..censusHh
 * @param censusRetHh    census households with a return migrant (and none abroad), 0..censusHh
 * @param censusImmHh    census households with an immigrant (and no emigrant or returnee), 0..censusHh
 * @param forceCertainty the EA is taken with certainty whatever its size
 * @param exclude        the EA is excluded from the frame (reported at import)
 */
public record FrameRow(String eaId, String domain, String sortKeys, long censusHh, long censusEmigHh,
                       long censusRetHh, long censusImmHh, boolean forceCertainty, boolean exclude) {
    /** Replaces a {@code null} domain or sort key by the empty string; requires an id. */
    public FrameRow {
        Objects.requireNonNull(eaId, "eaId");
        domain = domain == null ? "" : domain;
        sortKeys = sortKeys == null ? "" : sortKeys;
    }

    /** A row with no domain, no sort keys, no immigrants and neither flag. */
    public static FrameRow of(String eaId, long censusHh, long censusEmigHh, long censusRetHh) {
        return new FrameRow(eaId, "", "", censusHh, censusEmigHh, censusRetHh, 0, false, false);
    }

    /** @return census control (non-migrant) households: censusHh minus the three migrant types */
    public long censusNonHh() {
        return censusHh - censusEmigHh - censusRetHh - censusImmHh;
    }

    /** @return the census count of one household type */
    public long census(HouseholdType type) {
        return switch (type) {
            case EMIG -> censusEmigHh;
            case RET -> censusRetHh;
            case IMM -> censusImmHh;
            case NON -> censusNonHh();
        };
    }
}
