package org.fieldsync.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** SPEC section 1: frame import, every problem reported by line, zero-household EAs excluded and reported. */
class FrameImportTest {
    private static final String HEADER = "ea_id,domain,sort_keys,census_hh,census_emig_hh,census_ret_hh,census_imm_hh\n";

    private static FrameImport.Result read(String csv) {
        return FrameImport.csv(csv.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAValidFrameAndRecordsTheSha256OfItsBytes() {
        String csv = HEADER + "E1,North,R01/D01,100,10,5,1\n\"E,2\",North,\"R01/D\"\"02\",50,0,0,0\r\nE3,South,,20,2,2,0\n";
        FrameImport.Result r = read(csv);
        assertTrue(r.ok(), r.problems().toString());
        Frame f = r.frame();
        assertEquals(3, f.size());
        assertEquals("E,2", f.eaId(1));
        assertEquals("R01/D\"02", f.row(1).sortKeys());
        assertEquals(84, f.row(0).censusNonHh());
        assertEquals(Digests.sha256Hex(csv.getBytes(StandardCharsets.UTF_8)), f.sha256());
        assertEquals(1, f.indexOf("E,2"));
        assertEquals(-1, f.indexOf("nope"));
    }

    @Test
    void reportsEveryBadRowWithItsLineAndReason() {
        String csv = HEADER
                + "E1,N,,100,10,5,0\n"      // line 2 ok
                + ",N,,100,10,5,0\n"        // line 3 blank id
                + "E1,N,,100,10,5,0\n"      // line 4 repeated id
                + "E4,N,,abc,1,1,0\n"       // line 5 not a number
                + "E5,N,,10,11,0,0\n"       // line 6 emig > hh
                + "E6,N,,10,6,6,0\n"        // line 7 sum > hh
                + "E7,N,,10,-1,0,0\n"       // line 8 negative
                + "E8,N,,10,1\n"            // line 9 wrong field count
                + "E9,N,,,1,1,0\n";         // line 10 missing
        FrameImport.Result r = read(csv);
        assertFalse(r.ok());
        List<Integer> lines = r.problems().stream().map(FrameImport.Problem::line).toList();
        assertEquals(List.of(3, 4, 5, 6, 7, 8, 9, 10), lines);
        assertTrue(r.problems().get(1).message().contains("line 2"));
        assertEquals("census_hh", r.problems().get(2).column());
        SamplingException e = assertThrows(SamplingException.class, r::frame);
        assertEquals(SamplingException.Code.INVALID_FRAME, e.code());
        assertEquals(8, e.details().get("problemCount"));
    }

    @Test
    void excludesZeroHouseholdAndFlaggedEasAndReportsThem() {
        String csv = "ea_id,census_hh,census_emig_hh,census_ret_hh,exclude,force_certainty\n"
                + "E1,100,10,5,,\nE2,0,0,0,false,no\nE3,40,4,0,yes,\nE4,40,4,0,0,1\n";
        FrameImport.Result r = read(csv);
        assertTrue(r.ok(), r.problems().toString());
        assertEquals(2, r.frame().size());
        assertEquals(List.of(new FrameImport.Exclusion(3, "E2", FrameImport.ExclusionReason.ZERO_HOUSEHOLDS),
                new FrameImport.Exclusion(4, "E3", FrameImport.ExclusionReason.FLAGGED)), r.exclusions());
        assertTrue(r.frame().row(1).forceCertainty());
        assertEquals(4, r.dataRows());
    }

    @Test
    void reportsMissingColumnsUnreadableFlagsAndBadEncoding() {
        FrameImport.Result r = read("ea_id,census_hh\nE1,10\n");
        assertEquals(List.of("census_emig_hh", "census_ret_hh"),
                r.problems().stream().map(FrameImport.Problem::column).toList());
        r = read("ea_id,census_hh,census_emig_hh,census_ret_hh,exclude\nE1,10,1,1,maybe\nE2,10,1,1,1\n");
        assertEquals(1, r.problems().size());
        assertEquals(2, r.problems().get(0).line());
        r = FrameImport.csv(new byte[] {'e', 'a', '_', 'i', 'd', '\n', (byte) 0xC3, (byte) 0x28});
        assertEquals(2, r.problems().get(0).line());
        assertTrue(read("").problems().get(0).message().contains("empty"));
        assertTrue(read(HEADER + "E1,N,,\"10,1,1,0\n").problems().get(0).message().contains("not closed"));
    }

    @Test
    void rowsGiveTheSameFrameAndHashAsTheirCanonicalCsv() {
        List<FrameRow> rows = List.of(new FrameRow("A", "D", "k,1", 10, 1, 2, 3, true, false),
                FrameRow.of("B", 20, 2, 0));
        FrameImport.Result a = FrameImport.rows(rows);
        FrameImport.Result b = FrameImport.csv(FrameImport.canonicalCsv(rows));
        assertEquals(a.sha256(), b.sha256());
        assertEquals(a.frame().rows(), b.frame().rows());
        FrameImport.Result bad = FrameImport.rows(List.of(FrameRow.of("A", 10, 11, 0), FrameRow.of("A", 5, 1, 1)));
        assertEquals(List.of(1, 2), bad.problems().stream().map(FrameImport.Problem::line).toList());
    }

    @Test
    void mapsOtherHeaderNamesToTheCanonicalColumns() {
        FrameImport.Result r = FrameImport.csv(Fixtures.bytes("medium_frame.csv"), Map.of("sort_keys", "region"));
        assertTrue(r.ok());
        assertEquals("R1", r.frame().row(0).sortKeys());
        assertEquals(Digests.sha256Hex(Fixtures.bytes("medium_frame.csv")), r.sha256());
    }
}
