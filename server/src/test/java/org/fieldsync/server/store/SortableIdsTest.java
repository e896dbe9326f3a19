package org.fieldsync.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class SortableIdsTest {
  @Test
  void padsAsStringFormatDid() {
    for (long v : new long[] {0, 7, 1_795_000_000_000L, 9_999_999_999_999L, 10_000_000_000_000L, Long.MAX_VALUE}) {
      assertEquals(String.format(Locale.ROOT, "%013d", v), SortableIds.decimal(v, 13));
      assertEquals(String.format(Locale.ROOT, "%012x", v), SortableIds.hex(v, 12));
    }
    assertEquals(String.format(Locale.ROOT, "%012x", -1L), SortableIds.hex(-1L, 12));
  }
}
