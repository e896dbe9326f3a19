package org.fieldsync.server.sampling;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    String text = new String(csv, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String[] lines = text.split("\r?\n", -1);
    if (lines.length == 0) {
      return new Result(out, problems);
    }
    List<String> header = fields(lines[0]);
    int ea = header.indexOf("ea_id");
    int lat = header.indexOf("lat") >= 0 ? header.indexOf("lat") : header.indexOf("centroid_lat");
    int lon = header.indexOf("lon") >= 0 ? header.indexOf("lon") : header.indexOf("centroid_lon");
    if (lat < 0 && lon < 0 || ea < 0) {
      return new Result(out, problems);
    }
    if (lat < 0 || lon < 0) {
      problems.add(new Problem(1, lat < 0 ? "lat" : "lon", "EA centroids need both a lat and a lon column"));
      return new Result(out, problems);
    }
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      List<String> f = fields(lines[i]);
      String id = ea < f.size() ? f.get(ea).trim() : "";
      String a = lat < f.size() ? f.get(lat).trim() : "";
      String b = lon < f.size() ? f.get(lon).trim() : "";
      if (a.isEmpty() && b.isEmpty()) {
        continue;
      }
      Double y = number(a, -90, 90);
      Double x = number(b, -180, 180);
      if (y == null) {
        problems.add(new Problem(i + 1, header.get(lat), "must be a latitude from -90 to 90 in decimal degrees "
            + "(or empty with an empty longitude), got '" + a + "'"));
      }
      if (x == null) {
        problems.add(new Problem(i + 1, header.get(lon), "must be a longitude from -180 to 180 in decimal degrees "
            + "(or empty with an empty latitude), got '" + b + "'"));
      }
      if (x != null && y != null && !id.isEmpty()) {
        out.put(id, new double[] {y, x});
      }
    }
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

  /** The fields of one CSV line (RFC 4180 quoting). */
  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
