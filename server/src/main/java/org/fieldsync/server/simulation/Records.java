package org.fieldsync.server.simulation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.sampling.Csv;

/** A CSV file with a header row read as one map per row (column name to cell), with the sampling library's reader. */
final class Records {
  private Records() {}

  static List<Map<String, String>> of(String csv) {
    List<String> header = new ArrayList<>();
    List<Map<String, String>> rows = new ArrayList<>();
    var problems = Csv.read(csv, (line, fields) -> {
      if (header.isEmpty()) {
        header.addAll(fields);
        return;
      }
      Map<String, String> row = new HashMap<>();
      for (int i = 0; i < header.size() && i < fields.size(); i++) {
        row.put(header.get(i), fields.get(i));
      }
      rows.add(row);
    });
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("CSV: " + problems);
    }
    return rows;
  }
}
