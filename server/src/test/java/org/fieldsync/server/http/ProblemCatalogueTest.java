package org.fieldsync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProblemCatalogueTest {
  private static final Path ERRORS_MD = Path.of(System.getProperty("fieldsync.repo.root", ".."), "docs",
      "errors.md");

  @Test
  void codesAreUnique() {
    Set<String> seen = new HashSet<>();
    for (ProblemType t : ProblemType.values()) {
      assertTrue(seen.add(t.code()), "duplicate code " + t.code());
    }
  }

  @Test
  void codesFollowTheAreaDotNameForm() {
    for (ProblemType t : ProblemType.values()) {
      assertTrue(t.code().matches("[a-z]+\\.[a-z]+(-[a-z]+)*"), t.code());
    }
  }

  @Test
  void docsListExactlyTheCodesWithTheirStatus() throws Exception {
    String doc = Files.readString(ERRORS_MD);
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("^\\| `([a-z]+\\.[a-z-]+)` \\| (\\d{3}) \\|", Pattern.MULTILINE).matcher(doc);
    Set<String> withStatus = new TreeSet<>();
    while (m.find()) {
      documented.add(m.group(1));
      withStatus.add(m.group(1) + " " + m.group(2));
    }
    Set<String> expected = new TreeSet<>();
    Set<String> expectedWithStatus = new TreeSet<>();
    for (ProblemType t : ProblemType.values()) {
      expected.add(t.code());
      expectedWithStatus.add(t.code() + " " + t.status());
    }
    assertEquals(expected, documented, "docs/errors.md must list every code, and only those");
    assertEquals(expectedWithStatus, withStatus, "docs/errors.md statuses");
  }
}
