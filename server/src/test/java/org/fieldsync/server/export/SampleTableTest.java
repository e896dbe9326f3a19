package org.fieldsync.server.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.fieldsync.forms.Questionnaire;
import org.fieldsync.forms.ShippedQuestionnaires;
import org.fieldsync.forms.export.ExportSchema;
import org.fieldsync.forms.export.Flattener;
import org.fieldsync.forms.export.IdentifyingPolicy;
import org.fieldsync.server.assignment.AssignmentView;
import org.fieldsync.server.interview.InterviewStore;
import org.junit.jupiter.api.Test;

/** The current revision of a household when slices of storage order are read at once, out of order. */
class SampleTableTest {
  private static final Instant T = Instant.parse("2026-11-20T08:00:00Z");

  @Test
  void theRevisionLatestInStorageOrderIsCurrentWhateverOrderItIsObservedIn() {
    for (boolean laterFirst : new boolean[] {false, true}) {
      SampleTable sample = new SampleTable("p1");
      sample.add(new AssignmentView("p1:hh:ea-1:1", "interview", "s", "p1", "ea-1", "LOW", "t", "e", "enum",
          "household", 1, "assigned", new AssignmentView.Household(1, "h1", "NON", "NON", "control", false), 0.5,
          0.5, 4.0, T));
      InterviewStore.Scanned rejected = scanned("0001795000000000-a-000000000001", 1, "rejected");
      InterviewStore.Scanned approved = scanned("0001795000000009-a-000000000002", 2, "approvedBySupervisor");
      long earlier = 3L << 40 | 7; // slice 3
      long later = 9L << 40; // slice 9, read first by the other reader when laterFirst
      int slot;
      if (laterFirst) {
        slot = sample.observe(approved, later);
        assertEquals(slot, sample.observe(rejected, earlier));
      } else {
        slot = sample.observe(rejected, earlier);
        assertEquals(slot, sample.observe(approved, later));
      }
      sample.settle(false);
      assertTrue(sample.included(slot, SampleTable.hash(approved.storageId())), "laterFirst " + laterFirst);
      assertFalse(sample.included(slot, SampleTable.hash(rejected.storageId())), "laterFirst " + laterFirst);
      assertEquals(1, sample.inData());
    }
  }

  @Test
  void householdCellsAreTheFlattenersCellsOfTheHouseholdValues() {
    SampleTable sample = new SampleTable("p1");
    String[] strata = {"LOW", "HIGH, \"urban\"", "Zone é"};
    for (int k = 1; k <= 9; k++) {
      sample.add(new AssignmentView("p1:hh:ea-" + (k % 3) + ":" + k, "interview", "s", "p1", "ea-" + (k % 3),
          strata[k % 3], "t", "e", "enum", "household", 1, "assigned", new AssignmentView.Household(k, "h" + k,
              k % 2 == 0 ? "NON" : "EMIG", "take-" + (k % 2), k % 2 == 0 ? "control" : "migrant", k == 4),
          0.5 / k, k == 5 ? null : 0.25, k == 5 ? null : 8.0 * k, T));
    }
    int visited = sample.observe(new InterviewStore.Scanned("0001795000000009-a-000000000002",
        new InterviewStore.Summary("i1", 2, "s", "p1:hh:ea-1:1", "h1", "ea-1", "e", "completed", "NON", T,
            T.plusSeconds(1800), T.plusSeconds(3600), "accepted", 0, "approvedBySupervisor"), 1, "d", "k", null,
        new byte[0]), 1);
    sample.settle(false);
    ExportSchema schema = ExportSchema.of(List.of(Questionnaire.parse(ShippedQuestionnaires.read("household"))),
        IdentifyingPolicy.DROP, SampleTable.householdColumns());

    for (int s = 0; s < sample.size(); s++) {
      StringBuilder direct = new StringBuilder();
      sample.householdCells(s, direct);
      assertEquals(Flattener.extraCells(schema, sample.householdValues(s)), direct.toString(), "slot " + s);
    }
    StringBuilder cells = new StringBuilder();
    sample.householdCells(visited, cells);
    assertTrue(cells.toString().contains(",approvedBySupervisor,"), cells.toString());
    StringBuilder quoted = new StringBuilder();
    sample.householdCells(0, quoted);
    assertTrue(cells.length() > 0 && quoted.toString().contains("\"HIGH, \"\"urban\"\"\""), quoted.toString());
  }

  private static InterviewStore.Scanned scanned(String storageId, int revision, String review) {
    return new InterviewStore.Scanned(storageId, new InterviewStore.Summary("i1", revision, "s", "p1:hh:ea-1:1", "h1",
        "ea-1", "e", "completed", "NON", T, T.plusSeconds(1800), T.plusSeconds(3600), "accepted", 0, review), 1, "d",
        "k", null, new byte[0]);
  }
}
