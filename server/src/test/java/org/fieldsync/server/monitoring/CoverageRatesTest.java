package org.fieldsync.server.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The AAPOR rates and the household contributions, on small hand-counted cases (docs/monitoring.md). */
class CoverageRatesTest {

  @Test
  void responseAndContactRatesFollowTheAaporDefinitions() {
    CoverageService.Counts c = new CoverageService.Counts();
    // 20 assigned EMIG households: 8 complete, 2 partial, 2 refusals, 3 non-contacts, 1 other, 2 vacant, 2 unvisited
    c.add(Map.of("c.EMIG.assigned", 20L, "c.EMIG.visited", 18L, "c.EMIG.complete", 8L, "c.EMIG.partial", 2L,
        "c.EMIG.refusal", 2L, "c.EMIG.nonContact", 3L, "c.EMIG.other", 1L, "c.EMIG.vacant", 2L));
    // 10 control households: 4 complete, 6 unvisited
    c.add(Map.of("c.NON.assigned", 10L, "c.NON.visited", 4L, "c.NON.complete", 4L));
    JsonObject r = CoverageService.rates(c, new double[] {10, 8});
    // I = 12, P = 2, R = 2, NC = 3, O = 1, NE = 2, UH = 2 + 6 = 8
    assertEquals(12.0 / (12 + 2 + 2 + 3 + 1 + 8), r.getDouble("rr1"), 1e-4);
    double e = (12.0 + 2 + 2 + 3 + 1) / (12 + 2 + 2 + 3 + 1 + 2);
    assertEquals(12.0 / (12 + 2 + 2 + 3 + 1 + e * 8), r.getDouble("rr3"), 1e-4);
    assertEquals((12.0 + 2 + 2 + 1) / (12 + 2 + 2 + 3 + 1 + 8), r.getDouble("con1"), 1e-4);
    assertEquals(0.8, r.getDouble("completionMigrant"), 1e-9);
    assertEquals(0.5, r.getDouble("completionControl"), 1e-9);
    assertEquals(2.0, r.getDouble("balance"), 1e-9);
    assertEquals(1.25, r.getDouble("plannedBalance"), 1e-9);
    assertEquals(8, c.all.get("notVisited"));
  }

  @Test
  void ratesWithoutADenominatorAreNull() {
    JsonObject r = CoverageService.rates(new CoverageService.Counts(), new double[] {0, 0});
    assertNull(r.getDouble("rr1"));
    assertNull(r.getDouble("completionControl"));
    assertNull(r.getDouble("balance"));
  }

  @Test
  void aHouseholdCountsInEachOfItsCellsAndAChangedTypeIsCounted() {
    HouseholdState s = new HouseholdState("a1", "s", "EA-1", "ST", "T1", "e1", "EMIG", "hh-1", "i1", 2,
        Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-20T08:00:00Z"),
        Instant.parse("2026-11-20T08:37:30Z"), Disposition.COMPLETE, ReviewState.PENDING_REVIEW, "NON", 0);
    var paths = s.contributions().stream().filter(x -> x.cellId().equals("s|ea|EA-1"))
        .map(HouseholdState.Contribution::path).toList();
    assertEquals(java.util.List.of("c.EMIG.visited", "c.EMIG.complete", "c.EMIG.pendingReview",
        "c.EMIG.typeChanged"), paths);
    assertEquals(37, s.minutes());
    assertEquals(true, s.contributions().contains(new HouseholdState.Contribution("s|en|e1", "dur.37")));
    assertEquals(true, s.contributions().contains(new HouseholdState.Contribution("s|sa|ST",
        "prog.2026-11-20.migrant")));
    assertEquals(Disposition.NON_CONTACT, Disposition.of("not-at-home"));
    assertEquals(Disposition.COMPLETE, Disposition.of("1"));
    assertEquals(Disposition.OTHER, Disposition.of("postponed"));
    assertEquals(Long.valueOf(40), CoverageService.medianMinutes(Map.of("dur.30", 2L, "dur.40", 2L, "dur.90", 1L)));
    assertNull(CoverageService.medianMinutes(Map.of("dur.30", 4L)));
  }
}
