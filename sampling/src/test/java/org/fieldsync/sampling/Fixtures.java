package org.fieldsync.sampling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shared test fixtures: the reference cases in {@code shared/sampling/cases} (read directly, never copied), a CSV
 * reader giving rows by header name, a minimal JSON reader/writer, and small builders.
 *
 * <p>The cases directory is found from the system property {@code fieldsync.shared} (the {@code shared} directory,
 * or the cases directory itself), else by walking up from the working directory until {@code shared/sampling/cases}
 * or {@code ../shared/sampling/cases} exists.
 */
final class Fixtures {
    private static Path cases;

    private Fixtures() {
    }

    static synchronized Path casesDir() {
        if (cases != null) {
            return cases;
        }
        List<Path> tried = new ArrayList<>();
        String prop = System.getProperty("fieldsync.shared");
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop).toAbsolutePath().normalize();
            for (Path c : List.of(p.resolve("sampling/cases"), p.resolve("cases"), p)) {
                tried.add(c);
                if (Files.isRegularFile(c.resolve("small_frame.csv"))) {
                    return cases = c;
                }
            }
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            for (Path c : List.of(d.resolve("shared/sampling/cases"), d.resolve("../shared/sampling/cases"))) {
                Path n = c.normalize();
                tried.add(n);
                if (Files.isDirectory(n)) {
                    return cases = n;
                }
            }
        }
        throw new IllegalStateException("reference cases not found: set -Dfieldsync.shared=<path to shared> "
                + "(tried " + tried + ")");
    }

    static Path casePath(String name) {
        Path p = casesDir().resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("reference case " + p + " is missing");
        }
        return p;
    }

    static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(casePath(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows of a case CSV as maps header -> value, with their line numbers in {@code #line}. */
    static List<Map<String, String>> csv(String name) {
        String text = new String(bytes(name), StandardCharsets.UTF_8);
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>();
        Csv.read(text, (line, fields) -> {
            if (header.isEmpty()) {
                header.addAll(fields);
                return;
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                m.put(header.get(i), fields.get(i));
            }
            m.put("#line", Integer.toString(line));
            rows.add(m);
        });
        return rows;
    }

    /** A case JSON file as nested maps/lists/doubles/strings/booleans. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> json(String name) {
        return (Map<String, Object>) Json.parse(new String(bytes(name), StandardCharsets.UTF_8));
    }

    static double d(Map<String, String> row, String col) {
        String s = row.get(col);
        if (s == null) {
            throw new IllegalArgumentException("no column " + col + " in " + row);
        }
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    static int i(Map<String, String> row, String col) {
        return Integer.parseInt(row.get(col));
    }

    static long l(Map<String, String> row, String col) {
        return Long.parseLong(row.get(col));
    }

    static boolean b(Map<String, String> row, String col) {
        return Boolean.parseBoolean(row.get(col));
    }

    /** "1 5 8" -> [1, 5, 8]; "" -> []. */
    static List<Integer> ints(String s) {
        if (s == null || s.isBlank()) {
            return List.of();
        }
        return Arrays.stream(s.trim().split("\\s+")).map(Integer::valueOf).toList();
    }

    static double[] doubles(String s) {
        return Arrays.stream(s.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
    }

    static long[] longs(String s) {
        return Arrays.stream(s.trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    static double[] doubleList(Object jsonList) {
        return ((List<?>) jsonList).stream().mapToDouble(o -> ((Number) o).doubleValue()).toArray();
    }

    /** Relative difference, 0 when both are 0. */
    static double rel(double actual, double expected) {
        if (actual == expected) {
            return 0;
        }
        return Math.abs(actual - expected) / Math.abs(expected);
    }

    /** 1-based positions of true values. */
    static List<Integer> selected(boolean[] s) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < s.length; k++) {
            if (s[k]) {
                out.add(k + 1);
            }
        }
        return out;
    }

    /** A minimal JSON reader/writer for the case files and for round-tripping plan records. */
    static final class Json {
        private final String s;
        private int p;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json j = new Json(text);
            Object v = j.value();
            j.ws();
            if (j.p != j.s.length()) {
                throw new IllegalArgumentException("trailing content at " + j.p);
            }
            return v;
        }

        private void ws() {
            while (p < s.length() && Character.isWhitespace(s.charAt(p))) {
                p++;
            }
        }

        private Object value() {
            ws();
            char c = s.charAt(p);
            switch (c) {
                case '{': {
                    p++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    ws();
                    if (s.charAt(p) == '}') {
                        p++;
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        expect(':');
                        m.put(k, value());
                        ws();
                        if (s.charAt(p) == ',') {
                            p++;
                        } else {
                            expect('}');
                            return m;
                        }
                    }
                }
                case '[': {
                    p++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (s.charAt(p) == ']') {
                        p++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        ws();
                        if (s.charAt(p) == ',') {
                            p++;
                        } else {
                            expect(']');
                            return l;
                        }
                    }
                }
                case '"':
                    return string();
                case 't':
                    p += 4;
                    return Boolean.TRUE;
                case 'f':
                    p += 5;
                    return Boolean.FALSE;
                case 'n':
                    p += 4;
                    return null;
                default: {
                    int start = p;
                    while (p < s.length() && "+-0123456789.eE".indexOf(s.charAt(p)) >= 0) {
                        p++;
                    }
                    return Double.parseDouble(s.substring(start, p));
                }
            }
        }

        private void expect(char c) {
            if (s.charAt(p) != c) {
                throw new IllegalArgumentException("expected " + c + " at " + p);
            }
            p++;
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(p++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(p++);
                    switch (e) {
                        case 'n' -> sb.append('\n');
                        case 't' -> sb.append('\t');
                        case 'r' -> sb.append('\r');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'u' -> {
                            sb.append((char) Integer.parseInt(s.substring(p, p + 4), 16));
                            p += 4;
                        }
                        default -> sb.append(e);
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        /** Writes plain values (maps, lists, strings, numbers, booleans, null) as JSON. */
        static String write(Object v) {
            StringBuilder sb = new StringBuilder();
            write(v, sb);
            return sb.toString();
        }

        private static void write(Object v, StringBuilder sb) {
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Map<?, ?> m) {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    write(String.valueOf(e.getKey()), sb);
                    sb.append(':');
                    write(e.getValue(), sb);
                }
                sb.append('}');
            } else if (v instanceof List<?> l) {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(l.get(i), sb);
                }
                sb.append(']');
            } else if (v instanceof String str) {
                sb.append('"');
                for (char c : str.toCharArray()) {
                    if (c == '"' || c == '\\') {
                        sb.append('\\').append(c);
                    } else if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
                sb.append('"');
            } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long) {
                sb.append(v);
            } else if (v instanceof Double dv) {
                if (!Double.isFinite(dv)) {
                    throw new IllegalArgumentException("non-finite number in a plain record: " + dv);
                }
                sb.append(dv);
            } else {
                throw new IllegalArgumentException("not a plain value: " + v.getClass());
            }
        }
    }
}
