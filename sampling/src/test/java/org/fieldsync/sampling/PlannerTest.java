package org.fieldsync.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fieldsync.sampling.Design.AllocationMethod;
import org.junit.jupiter.api.Test;

/** Determinism, audit and replay (SPEC 9.5), options of the first and second stage, refusals. */
class PlannerTest {
    static final Planner PLANNER = new Planner();

    static Design.Builder medium() {
        return MediumFramePlanTest.base().allocation(AllocationMethod.PROPORTIONAL, 20).take("EMIG", 3)
                .take("RET", 2).take("NON", 3);
    }

    @Test
    void derivesStartsFromTheSeedAsDocumented() throws Exception {
        double u = Starts.fromSeed(-42).start("stage1/HIGH");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] d = md.digest("fieldsync-sampling/start/v1\n-42\nstage1/HIGH\n0".getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[i] & 0xFF);
        }
        assertEquals((v >>> 11) * 0x1.0p-53, u, 0.0);
        assertTrue(u > 0 && u < 1);
        assertNotEquals(u, Starts.fromSeed(-41).start("stage1/HIGH"));
    }

    @Test
    void planIsDeterministicAndReplaysExactlyFromItsJsonRecord() {
        Frame frame = MediumFramePlanTest.frame();
        Plan plan = PLANNER.plan(frame, medium().build(), 20240601L);
        Plan same = PLANNER.plan(frame, medium().build(), 20240601L);
        assertEquals(plan.record(), same.record());
        String json = Fixtures.Json.write(plan.record().toMap());
        @SuppressWarnings("unchecked")
        PlanRecord back = PlanRecord.fromMap((Map<String, Object>) Fixtures.Json.parse(json));
        assertEquals(plan.record(), back);
        Plan replayed = PLANNER.replay(back, frame);
        assertEquals(plan.selections(), replayed.selections());
        assertEquals(plan.strata(), replayed.strata());
        // through a frame store, by hash
        Planner withStore = new Planner(sha -> sha.equals(frame.sha256()) ? frame : null);
        assertEquals(plan.selections(), withStore.replay(back).selections());
        PlanRecord r = plan.record();
        assertEquals(frame.sha256(), r.frameSha256());
        assertEquals(Planner.LIBRARY_VERSION, r.libraryVersion());
        assertEquals(Starts.SCHEME, r.startScheme());
        assertEquals(3, r.starts().size());
        assertEquals(medium().build(), r.design());
    }

    @Test
    void replayRefusesAnotherFrameOrATamperedRecord() {
        Frame frame = MediumFramePlanTest.frame();
        PlanRecord r = PLANNER.plan(frame, medium().build(), 7).record();
        Frame other = SmallSampleTest.frame();
        assertEquals(SamplingException.Code.FRAME_MISMATCH,
                assertThrows(SamplingException.class, () -> PLANNER.replay(r, other)).code());
        assertEquals(SamplingException.Code.FRAME_MISMATCH,
                assertThrows(SamplingException.class, () -> PLANNER.replay(r)).code());
        List<PlanRecord.StratumRecord> strata = new ArrayList<>(r.strata());
        PlanRecord.StratumRecord s = strata.get(0);
        strata.set(0, new PlanRecord.StratumRecord(s.id(), s.eas(), s.psus(), s.start(), s.orderSha256(),
                List.of("M999"), List.of(1), s.certaintyEas()));
        PlanRecord tampered = new PlanRecord(r.format(), r.libraryVersion(), r.frameSha256(), r.frameEas(),
                r.design(), r.seed(), r.startScheme(), strata, r.warnings());
        SamplingException e = assertThrows(SamplingException.class, () -> PLANNER.replay(tampered, frame));
        assertEquals(SamplingException.Code.REPLAY_MISMATCH, e.code());
        Map<String, Object> m = new LinkedHashMap<>(r.toMap());
        m.put("format", "fieldsync-sampling-plan/0");
        assertEquals(SamplingException.Code.UNSUPPORTED_PLAN_VERSION,
                assertThrows(SamplingException.class, () -> PlanRecord.fromMap(m)).code());
        m.remove("format");
        assertEquals(SamplingException.Code.INVALID_PLAN_RECORD,
                assertThrows(SamplingException.class, () -> PlanRecord.fromMap(m)).code());
    }

    @Test
    void replayUsesTheStoredStartsNotTheSeed() {
        Frame frame = MediumFramePlanTest.frame();
        PlanRecord r = PLANNER.plan(frame, medium().build(), 7).record();
        // a record whose starts were drawn elsewhere (not from its seed) still replays
        Plan lottery = PLANNER.plan(frame, medium().build(), 7, Map.of("HIGH", 0.5, "MED", 0.25, "LOW", 0.75));
        assertEquals(lottery.selections(), PLANNER.replay(lottery.record(), frame).selections());
        assertNotEquals(r.strata().get(0).start(), lottery.record().strata().get(0).start());
    }

    @Test
    void forcedCertaintyAndCertaintyTakeScaledByExpectedHits() {
        List<FrameRow> rows = new ArrayList<>();
        rows.add(new FrameRow("BIG", "", "", 2000, 300, 100, 0, false, false));
        rows.add(new FrameRow("FORCED", "", "", 30, 3, 1, 0, true, false));
        for (int i = 0; i < 10; i++) {
            rows.add(new FrameRow(String.format("E%02d", i), "", "", 100 + 10 * i, 10, 5, 0, false, false));
        }
        Frame f = FrameImport.rows(rows).frame();
        Design d = Design.builder().allocation(AllocationMethod.GIVEN).psus("ALL", 5).take("EMIG", 4)
                .take("RET", 2).take("NON", 6).build();
        Plan plan = PLANNER.plan(f, d, 3);
        FirstStageSelection big = plan.selection("BIG");
        FirstStageSelection forced = plan.selection("FORCED");
        assertTrue(big.certainty() && !big.forced());
        assertTrue(forced.certainty() && forced.forced());
        assertEquals(5, plan.selections().size());
        assertEquals(2, plan.stratum("ALL").certaintyEas());
        // e = 5 x 2000 / 3480; b' = ceil(6 e - 1e-9) = 18 for NON
        assertEquals(5.0 * 2000 / 3480, big.expectedHits(), 1e-15);
        assertEquals(18, SecondStage.nominalTake(big, 6));
        assertEquals(1, SecondStage.nominalTake(forced, 4)); // e tiny: at least 1
        List<Listing.ListedHousehold> hh = new ArrayList<>();
        for (int line = 1; line <= 40; line++) {
            hh.add(new Listing.ListedHousehold(line, line % 4 == 0 ? HouseholdType.EMIG : HouseholdType.NON, ""));
        }
        SecondStageSelection s = PLANNER.selectHouseholds(plan, new Listing("BIG", hh));
        assertEquals(s, PLANNER.selectHouseholds(plan, new Listing("BIG", hh), 3L));
        SecondStageSelection.ClassSelection non = s.classes().get(2);
        assertEquals(18, non.take());
        assertEquals(18.0 / 30, non.pi2(), 1e-15);
        assertEquals(SecondStageSelection.Status.ABSENT, s.classes().get(1).status()); // no RET listed
        for (SelectedHousehold h : s.households()) {
            assertEquals(1 / (1.0 * h.pi2()), h.baseWeight(), 1e-12);
        }
    }

    @Test
    void multipleHitsMultiplyTheTakeOrSplitIntoSegments() {
        List<FrameRow> rows = new ArrayList<>();
        long[] sizes = {1500, 120, 80, 200, 150, 95, 310, 60, 175, 140, 220, 85};
        for (int i = 0; i < sizes.length; i++) {
            rows.add(new FrameRow(String.format("U%02d", i + 1), "", "", sizes[i], sizes[i] / 10, 0, 0, false, false));
        }
        Frame f = FrameImport.rows(rows).frame();
        Design.Builder b = Design.builder().allocation(AllocationMethod.GIVEN).psus("ALL", 5).take("EMIG", 2)
                .take("RET", 1).take("NON", 3).firstStage(Design.FirstStageMethod.PPS_SYSTEMATIC_MULTIPLE_HITS);
        // u = 0.05 gives hits 3 0 0 0 1 0 0 0 1 0 0 0 (pps_systematic_hits.csv)
        Plan plan = PLANNER.plan(f, b.build(), 1, Map.of("ALL", 0.05));
        FirstStageSelection u1 = plan.selection("U01");
        assertEquals(3, u1.hits());
        assertEquals(5 * 1500.0 / 3135, u1.pi1(), 1e-12);
        assertEquals(9, SecondStage.nominalTake(u1, 3));
        assertEquals(3, plan.selections().size());
        assertEquals(plan.selections(), PLANNER.replay(plan.record(), f).selections());
        Plan seg = PLANNER.plan(f, b.hitsHandling(Design.HitsHandling.SEGMENTS).build(), 1, Map.of("ALL", 0.05));
        assertEquals(List.of("U01#1", "U01#2", "U01#3", "U05", "U09"),
                seg.selections().stream().map(FirstStageSelection::psuId).toList());
        assertEquals(u1.pi1() / 3, seg.selection("U01#2").pi1(), 1e-15);
        assertEquals(3 / u1.pi1(), seg.selection("U01#2").stageOneWeight() * 1, 1e-12);
    }

    @Test
    void pooledTakeSpreadsTheShortfallOverPsusWithSurplus() {
        Frame frame = MediumFramePlanTest.frame();
        Design d = medium().pooledTake(true).build();
        Plan plan = PLANNER.plan(frame, d, 99);
        String h = "LOW";
        List<Listing> listings = new ArrayList<>();
        int k = 0;
        for (FirstStageSelection p : plan.selections()) {
            if (!p.stratum().equals(h)) {
                continue;
            }
            List<Listing.ListedHousehold> hh = new ArrayList<>();
            int emig = k == 0 ? 0 : k == 1 ? 1 : 5 + k; // two PSUs short of EMIG (take 3)
            for (int line = 1; line <= 60; line++) {
                hh.add(new Listing.ListedHousehold(line, line <= emig ? HouseholdType.EMIG : HouseholdType.NON, ""));
            }
            listings.add(new Listing(p.psuId(), hh));
            k++;
        }
        List<SecondStageSelection> sel = PLANNER.selectHouseholdsPooled(plan, h, listings, Starts.fromSeed(99));
        int taken = 0;
        for (SecondStageSelection s : sel) {
            SecondStageSelection.ClassSelection emig = s.classes().get(0);
            taken += emig.take();
            if (emig.status() == SecondStageSelection.Status.SYSTEMATIC) {
                assertEquals(emig.listed(), emig.take() / emig.pi2(), 1e-9);
            }
        }
        // 7 PSUs x 3 = 21 wanted; shortfall 3 + 2 spread over the others
        assertEquals(21, taken);
        assertEquals(SamplingException.Code.INVALID_LISTING, assertThrows(SamplingException.class,
                () -> PLANNER.selectHouseholdsPooled(plan, h, listings.subList(1, listings.size()),
                        Starts.fromSeed(1))).code());
    }

    @Test
    void refusesProbabilitiesWithin1e6OfOne() {
        // sizes 999999 and 1 with n = 1: pi = 0.999999 for the large one, 1e-6 for the small one
        Frame f = FrameImport.rows(List.of(FrameRow.of("A", 999_999, 1, 0), FrameRow.of("B", 1, 0, 0))).frame();
        Design d = Design.builder().allocation(AllocationMethod.GIVEN).psus("ALL", 1).take("EMIG", 1)
                .take("RET", 1).take("NON", 1).build();
        SamplingException e = assertThrows(SamplingException.class, () -> PLANNER.plan(f, d, 1));
        assertEquals(SamplingException.Code.PROBABILITY_NEAR_BOUNDARY, e.code());
        assertTrue(e.getMessage().contains("EA A"), e.getMessage());
    }

    @Test
    void refusesDesignKeysThatNameNoStratumAndTooManyPsus() {
        Frame frame = MediumFramePlanTest.frame();
        SamplingException e = assertThrows(SamplingException.class,
                () -> PLANNER.plan(frame, medium().upperBound("HIGHEST", 3).build(), 1));
        assertEquals(SamplingException.Code.INVALID_DESIGN, e.code());
        Design tooMany = MediumFramePlanTest.base().allocation(AllocationMethod.GIVEN).psus("HIGH", 23)
                .psus("MED", 2).psus("LOW", 2).take("EMIG", 3).take("RET", 2).take("NON", 3).build();
        assertEquals(SamplingException.Code.INSUFFICIENT_UNITS,
                assertThrows(SamplingException.class, () -> PLANNER.plan(frame, tooMany, 1)).code());
        assertEquals(SamplingException.Code.INFEASIBLE_ALLOCATION,
                assertThrows(SamplingException.class, () -> PLANNER.plan(frame, medium().allocation(
                        AllocationMethod.PROPORTIONAL, 5).build(), 1)).code());
    }

    @Test
    void warnsWhenAStratumIsLeftWithOneNonCertaintyPsu() {
        Frame frame = MediumFramePlanTest.frame();
        Design d = MediumFramePlanTest.base().allocation(AllocationMethod.GIVEN).psus("HIGH", 1).psus("MED", 2)
                .psus("LOW", 2).take("EMIG", 3).take("RET", 2).take("NON", 3).build();
        Plan plan = PLANNER.plan(frame, d, 5);
        assertTrue(plan.warnings().stream().anyMatch(w -> w.contains("HIGH") && w.contains("single")));
    }

    @Test
    void storedOrderIsDigestedPerStratum() throws Exception {
        Plan plan = PLANNER.plan(MediumFramePlanTest.frame(), medium().build(), 1);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (String id : plan.orderedEaIds("MED")) {
            md.update((id + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(Digests.hex(md.digest()), plan.stratum("MED").orderSha256());
        assertEquals("M001", plan.orderedEaIds("MED").get(0));
    }

    @Test
    void refusesStratumIdsThatCollide() {
        Frame f = FrameImport.rows(List.of(new FrameRow("A", "", "", 10, 1, 0, 0, false, false),
                new FrameRow("B", "ALL", "", 10, 1, 0, 0, false, false))).frame();
        Design d = Design.builder().allocation(AllocationMethod.EQUAL, 2).defaultLowerBound(0).take("EMIG", 1)
                .take("RET", 1).take("NON", 1).build();
        assertEquals(SamplingException.Code.INVALID_DESIGN,
                assertThrows(SamplingException.class, () -> PLANNER.plan(f, d, 1)).code());
    }

    @Test
    void domainsCrossClassesIntoStrata() {
        List<FrameRow> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rows.add(new FrameRow("N" + i, "North", "", 100, i < 4 ? 30 : 2, 0, 0, false, false));
            rows.add(new FrameRow("S" + i, "South", "", 100, i < 2 ? 30 : 2, 0, 0, false, false));
        }
        Design d = Design.builder().cutoffs(0.1).classLabels("LO", "HI").allocation(AllocationMethod.EQUAL, 8)
                .take("EMIG", 2).take("RET", 2).take("NON", 2).build();
        Plan plan = PLANNER.plan(FrameImport.rows(rows).frame(), d, 1);
        assertEquals(List.of("North/HI", "North/LO", "South/HI", "South/LO"),
                plan.strata().stream().map(StratumSummary::id).toList());
        Map<String, Integer> psus = new HashMap<>();
        plan.strata().forEach(s -> psus.put(s.id(), s.psus()));
        assertEquals(Map.of("North/HI", 2, "North/LO", 2, "South/HI", 2, "South/LO", 2), psus);
    }

    @Test
    void storedOrderIsSortKeysThenEaIdForAnyCharacters() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(17);
        String alphabet = "AB/\u0000\u00e9\u00ff\u0100\u20ac\ud83d\ude00z09";
        for (boolean latin1 : new boolean[] {true, false}) {
            List<FrameRow> rows = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                StringBuilder key = new StringBuilder(rnd.nextBoolean() ? "R01/D0002/C" : "");
                int len = rnd.nextInt(12);
                for (int k = 0; k < len; k++) {
                    char c = alphabet.charAt(rnd.nextInt(latin1 ? 6 : alphabet.length()));
                    key.append(c);
                }
                rows.add(new FrameRow("EA" + rnd.nextInt(1_000_000) + "-" + i, "", key.toString(), 50, 5, 1, 0,
                        false, false));
            }
            Frame f = FrameImport.rows(rows).frame();
            Design d = Design.builder().allocation(AllocationMethod.GIVEN).psus("ALL", 10).take("EMIG", 1)
                    .take("RET", 1).take("NON", 1).build();
            Plan plan = PLANNER.plan(f, d, 1);
            List<String> expected = rows.stream().sorted(java.util.Comparator.comparing(FrameRow::sortKeys)
                    .thenComparing(FrameRow::eaId)).map(FrameRow::eaId).toList();
            assertEquals(expected, plan.orderedEaIds("ALL"), latin1 ? "Latin-1 keys" : "UTF-16 keys");
        }
    }
}
