package org.fieldsync.server.sampling;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.sampling.Csv;

/**
 * EA centroids from a census frame's optional {@code lat} and {@code lon} columns (or {@code centroid_lat} and
 * {@code centroid_lon}), in decimal degrees: supervision flags interviews whose GPS point is far from their EA. The
 * sampling library ignores these columns; they are read here. A frame without them has no centroids; an EA with
 * both cells empty has none.
 */
public final class Centroids {
  private Centroids() {}

  /** A bad centroid cell: its line (1 is the header), column and what is wrong. */
  public record Problem(int line, String column, String message) {}

  /** Centroids by EA id, and the problems found. */
  public record Result(Map<String, double[]> byEa, List<Problem> problems) {}

  public static Result parse(byte[] csv) {
    Map<String, double[]> out = new HashMap<>();
    List<Problem> problems = new ArrayList<>();
    List<String> header = new ArrayList<>();
    int[] columns = {-1, -1, -1}; // ea_id, lat, lon
    Csv.read(new String(csv, StandardCharsets.UTF_8), (line, f) -> {
      if (header.isEmpty()) {
        header.addAll(f);
        columns[0] = header.indexOf("ea_id");
        columns[1] = header.indexOf("lat") >= 0 ? header.indexOf("lat") : header.indexOf("centroid_lat");
        columns[2] = header.indexOf("lon") >= 0 ? header.indexOf("lon") : header.indexOf("centroid_lon");
        if ((columns[1] < 0) != (columns[2] < 0) && columns[0] >= 0) {
          problems.add(new Problem(1, columns[1] < 0 ? "lat" : "lon",
              "EA centroids need both a lat and a lon column"));
        }
        return;
      }
      int ea = columns[0];
      int lat = columns[1];
      int lon = columns[2];
      if (ea < 0 || lat < 0 || lon < 0) {
        return;
      }
      String id = ea < f.size() ? f.get(ea).trim() : "";
      String a = lat < f.size() ? f.get(lat).trim() : "";
      String b = lon < f.size() ? f.get(lon).trim() : "";
      if (a.isEmpty() && b.isEmpty()) {
        return;
      }
      Double y = number(a, -90, 90);
      Double x = number(b, -180, 180);
      if (y == null) {
        problems.add(new Problem(line, header.get(lat), "must be a latitude from -90 to 90 in decimal degrees "
            + "(or empty with an empty longitude), got '" + a + "'"));
      }
      if (x == null) {
        problems.add(new Problem(line, header.get(lon), "must be a longitude from -180 to 180 in decimal degrees "
            + "(or empty with an empty latitude), got '" + b + "'"));
      }
      if (x != null && y != null && !id.isEmpty()) {
        out.put(id, new double[] {y, x});
      }
    });
    return new Result(out, problems);
  }

  /** Great-circle distance in kilometres (haversine, mean Earth radius 6,371 km). */
  public static double km(double lat1, double lon1, double lat2, double lon2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dp = p2 - p1;
    double dl = Math.toRadians(lon2 - lon1);
    double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2)
        * Math.sin(dl / 2);
    return 2 * 6371.0 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  private static Double number(String s, double min, double max) {
    try {
      double v = Double.parseDouble(s);
      return Double.isFinite(v) && v >= min && v <= max ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
