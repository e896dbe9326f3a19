package org.fieldsync.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fieldsync.sampling.Design.Group;
import org.fieldsync.sampling.NonresponseAdjustment.Case;
import org.fieldsync.sampling.NonresponseAdjustment.Disposition;
import org.junit.jupiter.api.Test;

/** SPEC section 7 (no reference case file exists for it: cases/large_nonresponse_cells.csv is not in shared/). */
class NonresponseAdjustmentTest {

    private static void add(List<Case> cases, String stratum, String cls, Group g, int resp, int nonresp, int inel,
                            int unknown, double w) {
        int k = cases.size();
        for (int i = 0; i < resp; i++) {
            cases.add(new Case("c" + k++, stratum, cls, g, Disposition.RESPONDENT, w));
        }
        for (int i = 0; i < nonresp; i++) {
            cases.add(new Case("c" + k++, stratum, cls, g, Disposition.NONRESPONDENT, w));
        }
        for (int i = 0; i < inel; i++) {
            cases.add(new Case("c" + k++, stratum, cls, g, Disposition.INELIGIBLE, w));
        }
        for (int i = 0; i < unknown; i++) {
            cases.add(new Case("c" + k++, stratum, cls, g, Disposition.UNKNOWN, w));
        }
    }

    private static void assertCellSumsPreserved(NonresponseAdjustment.Result r) {
        Map<String, Double> sums = new HashMap<>();
        for (NonresponseAdjustment.Adjusted a : r.cases()) {
            sums.merge(a.cell(), a.weight(), Double::sum);
        }
        for (NonresponseAdjustment.Cell c : r.cells()) {
            assertTrue(Fixtures.rel(sums.get(c.id()), c.eligibleTotal()) <= 1e-12, c.id());
        }
    }

    @Test
    void adjustsInStratumByClassCellsWhenEveryCellQualifies() {
        List<Case> cases = new ArrayList<>();
        add(cases, "H", "EMIG", Group.MIGRANT, 8, 2, 1, 0, 10);
        add(cases, "H", "NON", Group.CONTROL, 9, 1, 0, 0, 20);
        NonresponseAdjustment.Result r = NonresponseAdjustment.adjust(cases);
        assertEquals(List.of("H|MIGRANT|EMIG", "H|CONTROL|NON"),
                r.cells().stream().map(NonresponseAdjustment.Cell::id).toList());
        assertEquals(10.0 / 8, r.cells().get(0).factor(), 1e-15);
        assertEquals(12.5, r.cases().get(0).weight(), 1e-12);
        assertEquals(0.0, r.cases().get(8).weight()); // non-respondent
        assertEquals(0.0, r.cases().get(10).weight()); // ineligible keeps no weight
        assertCellSumsPreserved(r);
    }

    @Test
    void collapsesSmallCellsToGroupThenStratum() {
        List<Case> cases = new ArrayList<>();
        add(cases, "H", "EMIG", Group.MIGRANT, 6, 1, 0, 0, 10);
        add(cases, "H", "RET", Group.MIGRANT, 3, 1, 0, 0, 10); // < 5 respondents: the migrant group collapses
        add(cases, "H", "NON", Group.CONTROL, 6, 0, 0, 0, 20);
        add(cases, "L", "EMIG", Group.MIGRANT, 2, 1, 0, 0, 30); // group too small: the stratum collapses
        add(cases, "L", "NON", Group.CONTROL, 7, 1, 0, 0, 40);
        NonresponseAdjustment.Result r = NonresponseAdjustment.adjust(cases);
        assertEquals(List.of("H|MIGRANT", "H|CONTROL|NON", "L"),
                r.cells().stream().map(NonresponseAdjustment.Cell::id).toList());
        assertEquals(NonresponseAdjustment.Level.STRATUM, r.cells().get(2).level());
        assertEquals(110.0 / 90, r.cells().get(0).factor(), 1e-15);
        assertCellSumsPreserved(r);
    }

    @Test
    void collapsesCellsWithAFactorAboveTwo() {
        List<Case> cases = new ArrayList<>();
        add(cases, "H", "EMIG", Group.MIGRANT, 5, 6, 0, 0, 10); // factor 2.2
        add(cases, "H", "RET", Group.MIGRANT, 10, 0, 0, 0, 10);
        NonresponseAdjustment.Result r = NonresponseAdjustment.adjust(cases);
        assertEquals("H|MIGRANT", r.cells().get(0).id());
        assertEquals(210.0 / 150, r.cells().get(0).factor(), 1e-15);
    }

    @Test
    void distributesUnknownEligibilityByTheResolvedEligibleShare() {
        List<Case> cases = new ArrayList<>();
        add(cases, "H", "NON", Group.CONTROL, 6, 2, 2, 4, 5); // E = 40, I = 10, U = 20: T = 40 + 0.8 x 20 = 56
        NonresponseAdjustment.Result r = NonresponseAdjustment.adjust(cases);
        NonresponseAdjustment.Cell c = r.cells().get(0);
        assertEquals(56.0, c.eligibleTotal(), 1e-12);
        assertEquals(56.0 / 30, c.factor(), 1e-15);
        assertCellSumsPreserved(r);
    }

    @Test
    void keepsAFailingStratumCellButFlagsIt() {
        List<Case> cases = new ArrayList<>();
        add(cases, "H", "NON", Group.CONTROL, 2, 3, 0, 0, 5);
        NonresponseAdjustment.Result r = NonresponseAdjustment.adjust(cases);
        assertEquals(1, r.cells().size());
        assertFalse(r.cells().get(0).criteriaMet());
        assertCellSumsPreserved(r);
    }

    @Test
    void refusesAStratumWithoutRespondentsOrResolvedEligibility() {
        List<Case> none = new ArrayList<>();
        add(none, "H", "NON", Group.CONTROL, 0, 3, 0, 0, 5);
        assertEquals(SamplingException.Code.NO_RESPONDENTS,
                assertThrows(SamplingException.class, () -> NonresponseAdjustment.adjust(none)).code());
        List<Case> unresolved = new ArrayList<>();
        add(unresolved, "H", "NON", Group.CONTROL, 0, 0, 0, 3, 5);
        assertEquals(SamplingException.Code.UNRESOLVED_ELIGIBILITY,
                assertThrows(SamplingException.class, () -> NonresponseAdjustment.adjust(unresolved)).code());
    }
}
