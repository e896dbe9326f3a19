package org.fieldsync.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fieldsync.sampling.Design.AllocationMethod;
import org.junit.jupiter.api.Test;

/**
 * The 60-EA frame of script 04 through the planner: prevalence classes (medium_frame.csv), stratum totals
 * (allocation.json), first stage with stored starts (medium_first_stage.csv), fixed targets
 * (allocation_fixed_targets.csv) and the composite measure of size (composite_mos.csv).
 */
class MediumFramePlanTest {
    static final Planner PLANNER = new Planner();

    static Frame frame() {
        FrameImport.Result r = FrameImport.csv(Fixtures.bytes("medium_frame.csv"), Map.of("sort_keys", "region"));
        assertTrue(r.ok(), () -> r.problems().toString());
        assertEquals(60, r.frame().size());
        return r.frame();
    }

    static Design.Builder base() {
        return Design.builder().cutoffs(0.05, 0.15).classLabels("LOW", "MED", "HIGH");
    }

    static Map<String, PlannedUnit> units(Plan plan) {
        Map<String, PlannedUnit> m = new HashMap<>();
        for (StratumSummary s : plan.strata()) {
            for (PlannedUnit u : plan.units(s.id())) {
                m.put(u.eaId(), u);
            }
        }
        return m;
    }

    @Test
    void classifiesSharesAtCutoffsUpwardsAndStoresTheSortOrder() {
        Design d = base().allocation(AllocationMethod.PROPORTIONAL, 20).take("EMIG", 3).take("RET", 2)
                .take("NON", 3).build();
        Plan plan = PLANNER.plan(frame(), d, 1);
        assertEquals(List.of("HIGH", "MED", "LOW"), plan.strata().stream().map(StratumSummary::id).toList());
        Map<String, PlannedUnit> units = units(plan);
        for (Map<String, String> row : Fixtures.csv("medium_frame.csv")) {
            PlannedUnit u = units.get(row.get("ea_id"));
            assertEquals(row.get("prev_class"), u.stratum(), row.get("ea_id"));
            assertEquals(Fixtures.i(row, "sort_order"), u.sortOrder(), row.get("ea_id"));
        }
        assertEquals("MED", units.get("M001").stratum()); // share exactly 0.05
        assertEquals("HIGH", units.get("M002").stratum()); // share exactly 0.15
        assertEquals("LOW", units.get("M003").stratum()); // share 0
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> summary = (List<Map<String, Object>>) Fixtures.json("allocation.json")
                .get("strata_summary");
        for (Map<String, Object> s : summary) {
            Stratum st = plan.stratum((String) s.get("stratum")).stratum();
            assertEquals(((Number) s.get("K_h")).intValue(), st.eas());
            assertEquals(((Number) s.get("N_h")).longValue(), st.households());
            assertEquals(((Number) s.get("M_h")).longValue(), st.migrantHouseholds());
            assertEquals(((Number) s.get("P_h")).doubleValue(), st.prevalence(), 1e-15);
            assertEquals(((Number) s.get("S_h")).doubleValue(), st.sd(), 1e-15);
        }
    }

    @Test
    void firstStageWithStoredStartsMatchesTheReferenceSelection() {
        Map<String, Object> starts = Fixtures.castMap(Fixtures.json("allocation.json").get("first_stage_starts"));
        Map<String, Double> u = new HashMap<>();
        starts.forEach((k, v) -> u.put(k, ((Number) v).doubleValue()));
        Design d = base().allocation(AllocationMethod.PROPORTIONAL, 20).take("EMIG", 3).take("RET", 2)
                .take("NON", 3).build();
        Plan plan = PLANNER.plan(frame(), d, 8080, u);
        Map<String, PlannedUnit> units = units(plan);
        int selected = 0;
        for (Map<String, String> row : Fixtures.csv("medium_first_stage.csv")) {
            PlannedUnit pu = units.get(row.get("ea_id"));
            String id = row.get("ea_id");
            assertEquals(row.get("stratum"), pu.stratum(), id);
            assertEquals(Fixtures.i(row, "sort_order"), pu.sortOrder(), id);
            assertEquals(Fixtures.d(row, "mos"), pu.mos(), 0.0, id);
            assertEquals(Fixtures.i(row, "a_h"), plan.stratum(pu.stratum()).psus(), id);
            assertEquals(Fixtures.d(row, "pi1"), pu.pi1(), 1e-12, id);
            assertEquals(Fixtures.i(row, "selected") == 1, pu.selected(), id);
            assertEquals(Fixtures.d(row, "u"), plan.stratum(pu.stratum()).start(), 0.0);
            if (pu.selected()) {
                FirstStageSelection s = plan.selection(id);
                assertTrue(Fixtures.rel(s.stageOneWeight(), Fixtures.d(row, "stage1_weight")) <= 1e-12, id);
                selected++;
            }
        }
        assertEquals(20, selected);
        assertEquals(20, plan.selections().size());
    }

    static Design.Builder fixedTargets() {
        return base().allocation(AllocationMethod.FIXED_TARGETS).poolMigrantTypes(true).take("MIG", 8)
                .take("NON", 6).target("HIGH", 200, 90).target("MED", 120, 90).target("LOW", 40, 90);
    }

    @Test
    void fixedTargetsGivePsusCapAndExpectedAchievedSample() {
        Plan plan = PLANNER.plan(frame(), fixedTargets().build(), 11);
        Map<String, PlannedUnit> units = units(plan);
        for (Map<String, String> row : Fixtures.csv("allocation_fixed_targets.csv")) {
            StratumSummary s = plan.stratum(row.get("stratum"));
            String h = row.get("stratum");
            assertEquals(Fixtures.i(row, "K_h"), s.stratum().eas());
            assertEquals(Fixtures.i(row, "a_h_raw"), s.allocation().required(), h);
            assertEquals(Fixtures.i(row, "a_h"), s.psus(), h);
            assertEquals(Fixtures.b(row, "capped_at_K_h"), s.allocation().capped(), h);
            assertEquals(Fixtures.b(row, "target_mig_feasible"),
                    plan.design().targets().get(h).migrant() <= s.stratum().migrantHouseholds(), h);
            assertEquals(Fixtures.i(row, "b_mig"), plan.design().migrantTake());
            assertEquals(Fixtures.i(row, "b_ctrl"), plan.design().controlTake());
            assertTrue(Fixtures.rel(s.expectedMigrant(), Fixtures.d(row, "exp_achieved_mig")) <= 1e-12,
                    h + " expected migrant " + s.expectedMigrant());
            assertTrue(Fixtures.rel(s.expectedControl(), Fixtures.d(row, "exp_achieved_ctrl")) <= 1e-12, h);
            double perPsu = 0;
            for (PlannedUnit u : plan.units(h)) {
                int i = plan.frame().indexOf(u.eaId());
                perPsu += u.pi1() * (plan.frame().row(i).censusEmigHh() + plan.frame().row(i).censusRetHh());
            }
            perPsu /= s.psus();
            assertTrue(Fixtures.rel(perPsu, Fixtures.d(row, "pps_exp_mig_per_psu")) <= 1e-12, h);
        }
        // the expected achieved migrant sample is below target where EAs have fewer migrants than the take
        assertTrue(plan.stratum("HIGH").expectedMigrant() < 200);
        assertTrue(plan.warnings().stream().anyMatch(w -> w.contains("HIGH") && w.contains("capped")));
        for (Map<String, String> row : Fixtures.csv("medium_frame.csv")) {
            assertEquals(Fixtures.d(row, "pi1_fixed"), units.get(row.get("ea_id")).pi1(), 1e-12, row.get("ea_id"));
        }
    }

    @Test
    void compositeMeasureOfSizeGivesRatesAndSelfWeighting() {
        Design d = fixedTargets().measureOfSize(Design.MeasureOfSize.COMPOSITE)
                .secondStage(Design.SecondStageMethod.FIXED_RATE).build();
        Plan plan = PLANNER.plan(frame(), d, 12);
        Map<String, PlannedUnit> units = units(plan);
        int rows = 0;
        for (Map<String, String> row : Fixtures.csv("composite_mos.csv")) {
            String id = row.get("ea_id");
            PlannedUnit u = units.get(id);
            StratumSummary s = plan.stratum(row.get("stratum"));
            FrameRow fr = plan.frame().row(plan.frame().indexOf(id));
            long mig = fr.censusEmigHh() + fr.censusRetHh();
            long non = fr.censusNonHh();
            assertEquals(Fixtures.d(row, "f_mig"), s.migrantRate(), 1e-12, id);
            assertEquals(Fixtures.d(row, "f_non"), s.controlRate(), 1e-12, id);
            assertEquals(Fixtures.d(row, "composite_mos"), u.mos(), 1e-12, id);
            assertEquals(Fixtures.d(row, "pi1"), u.pi1(), 1e-12, id);
            double rMig = Math.min(1, s.migrantRate() / u.pi1());
            double rNon = Math.min(1, s.controlRate() / u.pi1());
            assertEquals(Fixtures.d(row, "rate_mig"), rMig, 1e-12, id);
            assertEquals(Fixtures.d(row, "rate_non"), rNon, 1e-12, id);
            assertEquals(Fixtures.d(row, "exp_take_mig"), rMig * mig, 1e-12, id);
            assertEquals(Fixtures.d(row, "exp_take_non"), rNon * non, 1e-12, id);
            assertEquals(Fixtures.d(row, "overall_pi_mig"), u.pi1() * rMig, 1e-12, id);
            assertEquals(Fixtures.d(row, "overall_pi_non"), u.pi1() * rNon, 1e-12, id);
            assertEquals(Fixtures.d(row, "exp_sample_contrib_mig"), u.pi1() * rMig * mig, 1e-12, id);
            assertEquals(Fixtures.d(row, "exp_sample_contrib_non"), u.pi1() * rNon * non, 1e-12, id);
            assertEquals(Fixtures.b(row, "self_weighting_mig"),
                    Math.abs(u.pi1() * rMig - s.migrantRate()) < 1e-12 || mig == 0, id);
            rows++;
        }
        assertEquals(60, rows);
        // the plan's expected migrant sample is the sum of the contributions
        for (StratumSummary s : plan.strata()) {
            double sum = 0;
            for (Map<String, String> row : Fixtures.csv("composite_mos.csv")) {
                if (row.get("stratum").equals(s.id())) {
                    sum += Fixtures.d(row, "exp_sample_contrib_mig");
                }
            }
            assertEquals(sum, s.expectedMigrant(), 1e-9);
        }
    }
}
