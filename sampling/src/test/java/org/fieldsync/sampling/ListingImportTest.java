package org.fieldsync.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ListingImportTest {
    private static ListingImport.Result read(String csv) {
        return ListingImport.csv(csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void classifiesScreeningAnswersByPriority() {
        ListingImport.Result r = read("ea_id,line,has_emigrant,has_return,has_immigrant\n"
                + "E1,1,1,1,1\nE1,2,2,1,1\nE1,3,0,0,1\nE1,4,no,no,no\nE2,1,yes,no,no\n");
        assertTrue(r.ok(), r.problems().toString());
        Listing e1 = r.listings().get("E1");
        assertEquals(4, e1.households().size());
        assertEquals(HouseholdType.EMIG, e1.households().get(0).type());
        assertEquals(HouseholdType.RET, e1.households().get(1).type());
        assertEquals(HouseholdType.IMM, e1.households().get(2).type());
        assertEquals(HouseholdType.NON, e1.households().get(3).type());
        assertEquals(1, r.listings().get("E2").households().size());
    }

    @Test
    void acceptsTypesByNameOrListingFormCode() {
        ListingImport.Result r = read("line,ea_id,hh_type,household_id\n2,E1,NON,h2\n1,E1,1,h1\n");
        assertTrue(r.ok(), r.problems().toString());
        Listing e1 = r.listings().get("E1");
        assertEquals(1, e1.households().get(0).line(), "kept in line order");
        assertEquals(HouseholdType.EMIG, e1.households().get(0).type());
        assertEquals("h2", e1.households().get(1).householdId());
    }

    @Test
    void reportsEveryBadRowWithItsLine() {
        ListingImport.Result r = read("ea_id,line,hh_type\nE1,1,EMIG\nE1,x,NON\nE1,1,RET\nE1,3,MIGRANT\n,4,NON\nE1,5\n");
        assertEquals(5, r.problems().size(), r.problems().toString());
        assertEquals(3, r.problems().get(0).line());
        assertEquals("line", r.problems().get(0).column());
        assertTrue(r.problems().get(1).message().contains("already on file line 2"), r.problems().toString());
        assertEquals("hh_type", r.problems().get(2).column());
        assertEquals("ea_id", r.problems().get(3).column());
        assertTrue(r.problems().get(4).message().contains("has 2 fields"), r.problems().toString());
        assertTrue(r.listings().isEmpty());
    }

    @Test
    void refusesGapsInLineNumbers() {
        ListingImport.Result r = read("ea_id,line,hh_type\nE1,1,NON\nE1,3,NON\n");
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).message().contains("has no line 2"), r.problems().toString());
    }

    @Test
    void refusesATypeThatContradictsTheScreeningAnswers() {
        ListingImport.Result r = read("ea_id,line,hh_type,has_emigrant,has_return,has_immigrant\nE1,1,NON,1,0,0\n");
        assertEquals("hh_type", r.problems().get(0).column());
        assertTrue(r.problems().get(0).message().contains("EMIG"));
    }

    @Test
    void explainsAMissingTypeColumn() {
        ListingImport.Result r = read("ea_id,line\nE1,1\n");
        assertEquals(1, r.problems().size(), r.problems().toString());
        assertEquals("hh_type", r.problems().get(0).column());
    }
}
