package org.fieldsync.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** SPEC 4.1 against cases/inclusionprobabilities.csv and .json. */
class InclusionProbabilitiesTest {

    /** Groups the CSV rows by case id, keeping order. */
    static Map<String, List<Map<String, String>>> cases() {
        Map<String, List<Map<String, String>>> m = new LinkedHashMap<>();
        for (Map<String, String> r : Fixtures.csv("inclusionprobabilities.csv")) {
            m.computeIfAbsent(r.get("case_id"), k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    static long[] sizes(List<Map<String, String>> rows) {
        return rows.stream().mapToLong(r -> Fixtures.l(r, "size")).toArray();
    }

    @Test
    void matchesRWithin1e12AndTheIntegerExactRuleBitForBit() {
        Map<String, List<Map<String, String>>> all = cases();
        assertEquals(9, all.size());
        for (Map.Entry<String, List<Map<String, String>>> e : all.entrySet()) {
            List<Map<String, String>> rows = e.getValue();
            int n = Fixtures.i(rows.get(0), "n");
            InclusionProbabilities.Result r = InclusionProbabilities.of(sizes(rows), n);
            for (int k = 0; k < rows.size(); k++) {
                Map<String, String> row = rows.get(k);
                String where = e.getKey() + " unit " + (k + 1);
                assertEquals(Fixtures.d(row, "pik_R"), r.pi()[k], 1e-12, where);
                assertEquals(Fixtures.d(row, "pik_exact_int"), r.pi()[k], 0.0, where + " (exact rule)");
                assertEquals(Fixtures.b(row, "certainty_exact_int"), r.certainty()[k], where);
                boolean rIsCertain = Fixtures.b(row, "pik_R_ge_1");
                if (e.getKey().equals("IP9_R_misses_exact_tie") && k == 1) {
                    // the pitfall: R's floating-point second round gives 0.99999999999999989; the exact answer is 1
                    assertFalse(rIsCertain);
                    assertTrue(r.certainty()[k]);
                    assertEquals(1.0, r.pi()[k], 0.0);
                } else {
                    assertEquals(rIsCertain, r.certainty()[k], where);
                }
            }
            double sum = 0;
            for (double p : r.pi()) {
                sum += p;
            }
            assertEquals(n, sum, 1e-9, e.getKey() + ": sum of pi = n (SPEC 9.1)");
        }
    }

    @Test
    void certaintyRoundsMatchTheReferenceJson() {
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> js = (Map<String, Map<String, Object>>) Fixtures
                .json("inclusionprobabilities.json").get("cases");
        for (Map.Entry<String, Map<String, Object>> e : js.entrySet()) {
            long[] size = java.util.Arrays.stream(Fixtures.doubleList(e.getValue().get("size")))
                    .mapToLong(x -> (long) x).toArray();
            int n = ((Number) e.getValue().get("n")).intValue();
            InclusionProbabilities.Result r = InclusionProbabilities.of(size, n);
            assertEquals(((Number) e.getValue().get("certainty_rounds_exact_int")).intValue(), r.rounds(), e.getKey());
            assertArrayEquals(Fixtures.doubleList(e.getValue().get("pik_exact_int")), r.pi(), 0.0, e.getKey());
            double[] hexR = ((List<?>) e.getValue().get("pik_R_hex")).stream()
                    .mapToDouble(h -> Double.parseDouble((String) h)).toArray();
            assertArrayEquals(hexR, r.pi(), 1e-12, e.getKey());
        }
    }

    @Test
    void zeroSizesGetZeroAndAreCounted() {
        InclusionProbabilities.Result r = InclusionProbabilities.of(new long[] {0, 50, 100, 0, 150, 200}, 2);
        assertEquals(0.0, r.pi()[0]);
        assertEquals(0.0, r.pi()[3]);
        assertEquals(2, r.zeroSize());
    }

    @Test
    void forcedUnitsCountAsCertaintyFromTheStart() {
        InclusionProbabilities.Result r = InclusionProbabilities.of(new long[] {10, 100, 100, 100}, 2,
                new boolean[] {true, false, false, false});
        assertTrue(r.certainty()[0]);
        assertEquals(1.0 / 3, r.pi()[1], 1e-15);
    }

    @Test
    void refusesMoreUnitsThanPositiveSizes() {
        SamplingException e = assertThrows(SamplingException.class,
                () -> InclusionProbabilities.of(new long[] {0, 5, 0}, 2));
        assertEquals(SamplingException.Code.INSUFFICIENT_UNITS, e.code());
    }

    @Test
    void integerTestIsExactBeyondTwoToThe53() {
        // a * rem == S exactly with a product beyond 2^53, where a double test could round either way
        long big = (1L << 53) + 1;
        InclusionProbabilities.Result r = InclusionProbabilities.of(new long[] {big, big, big - 2, 1, 1}, 2);
        // round 1: big * 2 >= 3 big: no; round needs nothing: check sum is 2 and no certainty
        assertFalse(r.certainty()[0]);
        assertTrue(InclusionProbabilities.productAtLeast(big, 2, 2 * big));
        assertFalse(InclusionProbabilities.productAtLeast(big, 2, 2 * big + 1));
        assertTrue(InclusionProbabilities.productAtLeast(Long.MAX_VALUE, 3, Long.MAX_VALUE));
    }

    @Test
    void compositeSizesUseTheSameRuleInDoubles() {
        InclusionProbabilities.Result r = InclusionProbabilities.of(new double[] {2000, 900, 300, 250, 200, 150, 120,
            80}, 4, null);
        assertEquals(2, r.certaintyCount());
        assertEquals(2, r.rounds());
        assertEquals(300 * 2.0 / 1100, r.pi()[2], 1e-15);
    }
}
