package org.fieldsync.server.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CentroidsTest {
  private static Centroids.Result parse(String csv) {
    return Centroids.parse(csv.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void quotedCellsMayHoldCommasAndLineBreaksAndProblemsNameTheirPhysicalLine() {
    Centroids.Result r = parse("ea_id,name,lat,lon\n"
        + "EA1,\"Oued, north\",34.5,-6.1\n"
        + "EA2,\"two\nlines\",12,-7\n"
        + "EA3,x,95,-7\n");
    assertArrayEquals(new double[] {34.5, -6.1}, r.byEa().get("EA1"));
    assertArrayEquals(new double[] {12, -7}, r.byEa().get("EA2"));
    assertEquals(List.of(new Centroids.Problem(5, "lat", "must be a latitude from -90 to 90 in decimal degrees "
        + "(or empty with an empty longitude), got '95'")), r.problems());
  }

  @Test
  void aLatitudeWithoutALongitudeColumnIsOneProblemAndNoColumnsNone() {
    assertEquals("lon", parse("ea_id,lat\nEA1,3\n").problems().get(0).column());
    assertEquals(0, parse("ea_id,mos\nEA1,3\n").byEa().size());
    assertEquals(0, parse("ea_id,mos\nEA1,3\n").problems().size());
  }
}
