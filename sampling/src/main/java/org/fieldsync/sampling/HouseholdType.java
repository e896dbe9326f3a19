package org.fieldsync.sampling;

/**
 * Type of a listed household, by priority (SPEC section 5): a household with at least one member currently abroad
 * is {@link #EMIG} whatever else it has; otherwise one with a return migrant is {@link #RET}; otherwise one with an
 * immigrant is {@link #IMM}; otherwise it is {@link #NON}, the control group. Declaration order is priority order.
 */
public enum HouseholdType {
    /** At least one member currently abroad (emigrant household). */
    EMIG,
    /** At least one return migrant, no member abroad. */
    RET,
    /** At least one immigrant, no emigrant or return migrant. */
    IMM,
    /** No migrant of any kind: the control group. */
    NON;

    /**
     * Classifies a listed household by priority EMIG &gt; RET &gt; IMM &gt; NON.
     *
     * @param memberAbroad    at least one member currently lives abroad
     * @param returnMigrant   at least one member is a return migrant
     * @param immigrant       at least one member is an immigrant
     * @return the household's type
     */
    public static HouseholdType classify(boolean memberAbroad, boolean returnMigrant, boolean immigrant) {
        if (memberAbroad) {
            return EMIG;
        }
        if (returnMigrant) {
            return RET;
        }
        return immigrant ? IMM : NON;
    }
}
