package org.fieldsync.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.fieldsync.sampling.Design.Group;
import org.junit.jupiter.api.Test;

/** SPEC section 8: design variables and the with-replacement variance. */
class EstimationTest {

    private static SelectedHousehold hh(String stratum, String psu, boolean cert, int line, double pi2, double w) {
        return new SelectedHousehold(psu, psu, stratum, line, "", HouseholdType.NON, "NON", Group.CONTROL, cert,
                cert ? 1 : 0.5, 1, pi2, w);
    }

    @Test
    void certaintyEasBecomeTheirOwnStrataWithHouseholdsAsPsus() {
        List<SelectedHousehold> s = List.of(hh("H", "A", false, 1, 0.5, 4), hh("H", "A", false, 2, 0.5, 4),
                hh("H", "B", false, 1, 0.5, 4), hh("H", "C", true, 1, 0.25, 4), hh("H", "C", true, 7, 0.25, 4));
        DesignVariables dv = DesignVariables.of(s);
        assertEquals(new DesignVariables.Row("H", "A"), dv.rows().get(0));
        assertEquals(new DesignVariables.Row("CERT:C:NON", "C:7"), dv.rows().get(4));
    }

    @Test
    void refusesAVarianceStratumWithOnePsuExceptATakeAllCertaintyCell() {
        SamplingException e = assertThrows(SamplingException.class,
                () -> DesignVariables.of(List.of(hh("H", "A", false, 1, 0.5, 4), hh("H", "A", false, 2, 0.5, 4))));
        assertEquals(SamplingException.Code.SINGLE_PSU_STRATUM, e.code());
        assertEquals("H", e.details().get("varStratum"));
        assertEquals(SamplingException.Code.SINGLE_PSU_STRATUM, assertThrows(SamplingException.class,
                () -> DesignVariables.of(List.of(hh("H", "C", true, 1, 0.25, 4)))).code());
        DesignVariables ok = DesignVariables.of(List.of(hh("H", "C", true, 1, 1.0, 1), hh("H", "A", false, 1, 0.5, 4),
                hh("H", "B", false, 1, 0.5, 4)));
        assertTrue(ok.zeroVarianceStrata().contains("CERT:C:NON"));
        Estimation.Estimate t = Estimation.total(new double[] {5, 1, 3}, new double[] {1, 4, 4}, ok);
        assertEquals(5 + 4 + 12, t.value(), 1e-12);
        assertEquals(2.0 * ((4 - 8) * (4 - 8) + (12 - 8) * (12 - 8)), t.variance(), 1e-12);
    }

    @Test
    void anExportMayKeepSinglePsuStrataAndSaysWhichTheyAre() {
        List<SelectedHousehold> s = List.of(hh("H", "A", false, 1, 0.5, 4), hh("H", "B", false, 1, 0.5, 4),
                hh("H", "C", true, 9, 0.25, 4), hh("H", "D", true, 1, 1.0, 1), hh("L", "E", false, 2, 0.5, 4));
        DesignVariables dv = DesignVariables.allowingSinglePsu(s);
        assertEquals(List.of(new DesignVariables.Row("H", "A"), new DesignVariables.Row("H", "B"),
                new DesignVariables.Row("CERT:C:NON", "C:9"), new DesignVariables.Row("CERT:D:NON", "D:1"),
                new DesignVariables.Row("L", "E")), dv.rows());
        assertEquals(List.of("CERT:C:NON", "L"), List.copyOf(dv.singlePsuStrata()));
        assertEquals(List.of("CERT:D:NON"), List.copyOf(dv.zeroVarianceStrata()));
        SamplingException e = assertThrows(SamplingException.class, () -> DesignVariables.of(s));
        assertEquals("CERT:C:NON", e.details().get("varStratum"));
        assertEquals("C:9", e.details().get("varPsu"));
        assertTrue(DesignVariables.of(List.of(hh("H", "A", false, 1, 0.5, 4), hh("H", "B", false, 1, 0.5, 4)))
                .singlePsuStrata().isEmpty());
    }

    @Test
    void totalsAndRatiosUseTheUltimateClusterFormula() {
        List<SelectedHousehold> s = new ArrayList<>();
        double[] y = {1, 0, 1, 1, 0, 0, 1, 1};
        double[] w = {10, 10, 12, 12, 30, 30, 25, 25};
        String[] psu = {"A", "A", "B", "B", "C", "C", "D", "D"};
        String[] st = {"H", "H", "H", "H", "L", "L", "L", "L"};
        for (int i = 0; i < y.length; i++) {
            s.add(hh(st[i], psu[i], false, i + 1, 0.5, w[i]));
        }
        DesignVariables dv = DesignVariables.of(s);
        Estimation.Estimate t = Estimation.total(y, w, dv);
        assertEquals(10 + 24 + 25 + 25 + 25 - 25 + 0, t.value(), 1e-12);
        // H: z = 10, 24; L: z = 0, 50
        double v = 2 * (Math.pow(10 - 17, 2) + Math.pow(24 - 17, 2)) + 2 * (Math.pow(0 - 25, 2) + Math.pow(50 - 25, 2));
        assertEquals(v, t.variance(), 1e-9);
        double[] one = new double[y.length];
        java.util.Arrays.fill(one, 1);
        Estimation.Estimate m = Estimation.ratio(y, one, w, dv);
        double tx = 154;
        assertEquals(84 / tx, m.value(), 1e-15);
        double r = 84 / tx;
        double[] z = new double[4];
        for (int i = 0; i < y.length; i++) {
            z[i / 2] += w[i] * (y[i] - r) / tx;
        }
        double vr = 2 * (Math.pow(z[0] - (z[0] + z[1]) / 2, 2) + Math.pow(z[1] - (z[0] + z[1]) / 2, 2))
                + 2 * (Math.pow(z[2] - (z[2] + z[3]) / 2, 2) + Math.pow(z[3] - (z[2] + z[3]) / 2, 2));
        assertEquals(vr, m.variance(), 1e-15);
        assertEquals(Math.sqrt(vr), m.standardError(), 1e-15);
    }
}
