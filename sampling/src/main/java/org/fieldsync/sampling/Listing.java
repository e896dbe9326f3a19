package org.fieldsync.sampling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The listing of one selected PSU (SPEC sections 1 and 5): every occupied household with its line number 1..L in
 * walk order and its type by priority (DHS Sampling and Household Listing Manual, ICF 2012, ch. 11: list every
 * household of the selected area, then select in the office).
 *
 * @param psuId      the PSU listed (the EA id, or {@code <ea>#<k>} for a segment)
 * @param households the households; lines must be exactly 1..L, each once (any input order; kept sorted by line)
 */
public record Listing(String psuId, List<ListedHousehold> households) {
    /**
     * One listed household.
     *
     * @param line        line number in walk order, 1..L
     * @param type        type by priority ({@link HouseholdType#classify})
     * @param householdId the household's id if it has one ({@code null} or empty: none)
     */
    public record ListedHousehold(int line, HouseholdType type, String householdId) {
        /** Requires a type. */
        public ListedHousehold {
            Objects.requireNonNull(type, "type");
            householdId = householdId == null ? "" : householdId;
        }
    }

    /**
     * Validates and sorts by line.
     *
     * @throws SamplingException {@code INVALID_LISTING} if the lines are not exactly 1..L
     */
    public Listing {
        Objects.requireNonNull(psuId, "psuId");
        List<ListedHousehold> sorted = new ArrayList<>(households);
        sorted.sort(Comparator.comparingInt(ListedHousehold::line));
        List<Integer> bad = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).line() != i + 1) {
                bad.add(sorted.get(i).line());
            }
        }
        if (!bad.isEmpty()) {
            throw new SamplingException(SamplingException.Code.INVALID_LISTING, "listing of " + psuId
                    + " must number its " + sorted.size() + " households 1.." + sorted.size()
                    + " once each; out of place: " + bad.subList(0, Math.min(20, bad.size())),
                    Map.of("psuId", psuId, "lines", bad.subList(0, Math.min(100, bad.size()))));
        }
        households = List.copyOf(sorted);
    }

    /** @return households of the given types, in line order */
    public List<ListedHousehold> ofTypes(java.util.Set<HouseholdType> types) {
        List<ListedHousehold> out = new ArrayList<>();
        for (ListedHousehold h : households) {
            if (types.contains(h.type())) {
                out.add(h);
            }
        }
        return out;
    }
}
