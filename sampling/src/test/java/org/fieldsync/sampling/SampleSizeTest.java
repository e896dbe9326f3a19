package org.fieldsync.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** SPEC section 10 against sample_size_*.csv, deff_cluster.csv, listing_load.csv, mdd.csv, sample_size.json. */
class SampleSizeTest {

    private static void rel(double expected, double actual, String what) {
        assertTrue(Fixtures.rel(actual, expected) <= 1e-9, what + ": " + actual + " vs " + expected);
    }

    @Test
    void twoGroupSampleSizesMatchAll216Rows() {
        int n = 0;
        for (Map<String, String> r : Fixtures.csv("sample_size_two_groups.csv")) {
            double p1 = Fixtures.d(r, "p1");
            double p2 = Fixtures.d(r, "p2");
            double alpha = Fixtures.d(r, "alpha");
            double power = Fixtures.d(r, "power");
            rel(Fixtures.d(r, "z_alpha"), SampleSize.Normal.quantile(1 - alpha / 2), "z_alpha");
            rel(Fixtures.d(r, "z_beta"), SampleSize.Normal.quantile(power), "z_beta");
            double n0 = SampleSize.twoProportions(p1, p2, alpha, power);
            rel(Fixtures.d(r, "n0_per_group"), n0, "n0 row " + r.get("#line"));
            rel(Fixtures.d(r, "n_per_group_real"), n0 * Fixtures.d(r, "deff") / Fixtures.d(r, "rr"), "n real");
            assertEquals(Fixtures.l(r, "n_per_group"), SampleSize.inflate(n0, Fixtures.d(r, "deff"),
                    Fixtures.d(r, "rr")), "n row " + r.get("#line"));
            // R's power.prop.test (uniroot) agrees with the closed form only to about 1e-4
            assertTrue(Fixtures.rel(n0, Fixtures.d(r, "n0_power_prop_test")) < 1e-4);
            n++;
        }
        assertEquals(216, n);
    }

    @Test
    void oneProportionSampleSizesMatch() {
        int n = 0;
        for (Map<String, String> r : Fixtures.csv("sample_size_one_prop.csv")) {
            double n0 = SampleSize.oneProportion(Fixtures.d(r, "p"), Fixtures.d(r, "moe"), Fixtures.d(r, "alpha"));
            rel(Fixtures.d(r, "n0"), n0, "n0");
            rel(Fixtures.d(r, "n_real"), n0 * Fixtures.d(r, "deff") / Fixtures.d(r, "rr"), "n real");
            assertEquals(Fixtures.l(r, "n"), SampleSize.inflate(n0, Fixtures.d(r, "deff"), Fixtures.d(r, "rr")));
            n++;
        }
        assertEquals(48, n);
    }

    @Test
    void designEffectsMatch() {
        for (Map<String, String> r : Fixtures.csv("deff_cluster.csv")) {
            rel(Fixtures.d(r, "deff_cluster"), SampleSize.deffCluster(Fixtures.d(r, "b"), Fixtures.d(r, "rho")),
                    "deff");
        }
        Map<String, Object> kish = Fixtures.castMap(Fixtures.json("sample_size.json").get("kish_example"));
        double[] w = new double[100];
        for (int i = 0; i < 100; i++) {
            w[i] = i < 40 ? 10 : i < 70 ? 25 : 60;
        }
        rel(((Number) kish.get("deff_kish")).doubleValue(), SampleSize.deffKish(w), "kish");
        rel(1 + ((Number) kish.get("cv2")).doubleValue(), SampleSize.deffKish(w), "1 + cv^2");
        rel(SampleSize.deffCluster(10, 0.05) * SampleSize.deffKish(w), SampleSize.deff(10, 0.05, w), "deff");
    }

    @Test
    void psusAndListingLoadMatch() {
        for (Map<String, String> r : Fixtures.csv("listing_load.csv")) {
            double n = Fixtures.d(r, "n_mig");
            double b = Fixtures.d(r, "b_mig");
            double p = Fixtures.d(r, "P");
            assertEquals(Fixtures.l(r, "psu_needed"), SampleSize.psusNeeded(n, b));
            rel(Fixtures.d(r, "households_to_list"), SampleSize.householdsToList(n, p), "to list");
            rel(Fixtures.d(r, "listed_per_psu_needed"), SampleSize.listedPerPsu(b, p), "per PSU");
        }
    }

    @Test
    void minimumDetectableDifferencesAndMarginsMatch() {
        for (Map<String, String> r : Fixtures.csv("mdd.csv")) {
            double n = Fixtures.d(r, "n");
            double p1 = Fixtures.d(r, "p1");
            double deff = Fixtures.d(r, "deff");
            assertEquals(Fixtures.d(r, "mdd_alpha05_power80"),
                    SampleSize.minimumDetectableDifference(n, p1, 0.05, 0.8, deff), 1e-7, "mdd " + r.get("#line"));
            rel(Fixtures.d(r, "moe95_single_group"), SampleSize.marginOfError(p1, n, deff, 0.05), "moe");
        }
    }

    @Test
    void normalQuantileIsAccurateInTheTails() {
        // values of R's qnorm (also AS 241)
        assertEquals(-8.222082216130435, SampleSize.Normal.quantile(1e-16), 1e-14);
        assertEquals(-37.0470962993612, SampleSize.Normal.quantile(1e-300), 1e-12);
        assertEquals(1.9599639845400536, SampleSize.Normal.quantile(0.975), 0.0);
        assertEquals(-2.0537489106318225, SampleSize.Normal.quantile(0.02), 1e-15);
        assertEquals(0.0, SampleSize.Normal.quantile(0.5), 0.0);
    }

    @Test
    void refusesDegenerateInputs() {
        assertEquals(SamplingException.Code.INVALID_ARGUMENT,
                assertThrows(SamplingException.class, () -> SampleSize.twoProportions(0.2, 0.2, 0.05, 0.8)).code());
        assertEquals(SamplingException.Code.INVALID_ARGUMENT,
                assertThrows(SamplingException.class, () -> SampleSize.inflate(100, 1, 0)).code());
        assertEquals(SamplingException.Code.INVALID_ARGUMENT,
                assertThrows(SamplingException.class, () -> SampleSize.twoProportions(0, 0.2, 0.05, 0.8)).code());
    }
}
