package org.fieldsync.sampling;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
  * Reads listings (SPEC section 5: every household of a selected EA in walk order, with its type) from CSV, for one
  * or many EAs at once, and reports every problem with its line, never only the first.
  *
  * <h2>CSV format</h2>
  * UTF-8, comma-separated, RFC 4180 quoting, one header row; columns found by name, in any order, others ignored.
  * <table>
  * <caption>Listing columns</caption>
  * <tr><th>column</th><th>required</th><th>content</th></tr>
  * <tr><td>{@code ea_id}</td><td>yes</td><td>the EA (PSU) listed</td></tr>
  * <tr><td>{@code line}</td><td>yes</td><td>line number in walk order, 1..L within the EA, each once</td></tr>
  * <tr><td>{@code hh_type}</td><td>either this</td><td>{@code EMIG}, {@code RET}, {@code IMM}, {@code NON}, or the
  * listing form's codes 1 to 4 in that order</td></tr>
  * <tr><td>{@code has_emigrant}, {@code has_return}, {@code has_immigrant}</td><td>or these three</td><td>the
  * screening answers: yes is {@code 1}, {@code yes}, {@code true}; no is {@code 0}, {@code 2} (the listing form's
  * "no"), {@code no}, {@code false}. The type follows by priority ({@link HouseholdType#classify}).</td></tr>
  * <tr><td>{@code household_id}</td><td>no</td><td>an identifier kept with the household</td></tr>
  * </table>
  * When both {@code hh_type} and the flags are given, they must agree.
  */
public final class ListingImport {

    /** One problem: physical line (header = 1; 0 for the file as a whole), column (may be empty) and message. */
    public record Problem(int line, String column, String message) {
        @Override
        public String toString() {
            return "line " + line + (column.isEmpty() ? "" : " (" + column + ")") + ": " + message;
        }
    }

    /**
      * The outcome: listings by EA in file order when there is no problem.
      *
      * @param listings the listings by EA id (empty when {@code problems} is not)
      * @param problems every problem found
      */
    public record Result(Map<String, Listing> listings, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private ListingImport() {}

    /** Reads listing CSV bytes. */
    public static Result csv(byte[] bytes) {
        List<Problem> problems = new ArrayList<>();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.add(new Problem(0, "", "the file is not UTF-8 text"));
            return new Result(Map.of(), problems);
        }
        Map<String, Integer> columns = new HashMap<>();
        Map<String, List<Listing.ListedHousehold>> byEa = new LinkedHashMap<>();
        Map<String, Map<Integer, Integer>> linesSeen = new HashMap<>();
        int[] headerWidth = {-1};
        for (Csv.SyntaxProblem p : Csv.read(text, (line, fields) -> {
            if (headerWidth[0] < 0) {
                headerWidth[0] = fields.size();
                for (int i = 0; i < fields.size(); i++) {
                    String name = fields.get(i).trim().toLowerCase(Locale.ROOT);
                    if (columns.putIfAbsent(name, i) != null) {
                        problems.add(new Problem(line, name, "column repeated in the header"));
                    }
                }
                header(columns, problems);
                return;
            }
            if (!problems.isEmpty() && problems.get(0).line() == 1) {
                return; // the header is unusable: do not report every row again
            }
            if (fields.size() != headerWidth[0]) {
                problems.add(new Problem(line, "", "has " + fields.size() + " fields, the header has " + headerWidth[0]));
                return;
            }
            row(line, fields, columns, byEa, linesSeen, problems);
        })) {
            problems.add(new Problem(p.line(), "", p.message()));
        }
        if (headerWidth[0] < 0) {
            problems.add(new Problem(0, "", "the file is empty: it needs a header row and one row per household"));
        }
        for (var e : byEa.entrySet()) {
            int n = e.getValue().size();
            for (int line = 1; line <= n; line++) {
                if (!linesSeen.get(e.getKey()).containsKey(line)) {
                    problems.add(new Problem(0, "line", "EA " + e.getKey() + " lists " + n + " households but has no line "
                            + line + ": lines must be exactly 1.." + n));
                    break;
                }
            }
        }
        if (!problems.isEmpty()) {
            return new Result(Map.of(), problems);
        }
        Map<String, Listing> listings = new LinkedHashMap<>();
        byEa.forEach((ea, households) -> listings.put(ea, new Listing(ea, households)));
        return new Result(listings, List.of());
    }

    private static void header(Map<String, Integer> columns, List<Problem> problems) {
        for (String required : List.of("ea_id", "line")) {
            if (!columns.containsKey(required)) {
                problems.add(new Problem(1, required, "required column missing"));
            }
        }
        boolean flags = columns.containsKey("has_emigrant") || columns.containsKey("has_return")
                || columns.containsKey("has_immigrant");
        if (flags) {
            for (String flag : List.of("has_emigrant", "has_return", "has_immigrant")) {
                if (!columns.containsKey(flag)) {
                    problems.add(new Problem(1, flag, "the screening flags come as three columns: has_emigrant, has_return, "
                            + "has_immigrant"));
                }
            }
        } else if (!columns.containsKey("hh_type")) {
            problems.add(new Problem(1, "hh_type", "give each household's type: a hh_type column, or the columns "
                    + "has_emigrant, has_return and has_immigrant"));
        }
    }

    private static void row(int line, List<String> fields, Map<String, Integer> columns,
            Map<String, List<Listing.ListedHousehold>> byEa, Map<String, Map<Integer, Integer>> linesSeen,
            List<Problem> problems) {
        String ea = fields.get(columns.get("ea_id")).trim();
        if (ea.isEmpty()) {
            problems.add(new Problem(line, "ea_id", "is blank"));
            return;
        }
        int n;
        String lineText = fields.get(columns.get("line")).trim();
        try {
            n = Integer.parseInt(lineText);
        } catch (NumberFormatException e) {
            problems.add(new Problem(line, "line", "must be a whole number, got '" + lineText + "'"));
            return;
        }
        if (n < 1) {
            problems.add(new Problem(line, "line", "must be 1 or more, got " + n));
            return;
        }
        Integer first = linesSeen.computeIfAbsent(ea, k -> new HashMap<>()).putIfAbsent(n, line);
        if (first != null) {
            problems.add(new Problem(line, "line", "line " + n + " of EA " + ea + " is already on file line " + first));
            return;
        }
        HouseholdType fromFlags = null;
        if (columns.containsKey("has_emigrant")) {
            Boolean emig = flag(line, "has_emigrant", fields, columns, problems);
            Boolean ret = flag(line, "has_return", fields, columns, problems);
            Boolean imm = flag(line, "has_immigrant", fields, columns, problems);
            if (emig == null || ret == null || imm == null) {
                return;
            }
            fromFlags = HouseholdType.classify(emig, ret, imm);
        }
        HouseholdType type = fromFlags;
        if (columns.containsKey("hh_type")) {
            String t = fields.get(columns.get("hh_type")).trim().toUpperCase(Locale.ROOT);
            HouseholdType given = switch (t) {
                case "EMIG", "1" -> HouseholdType.EMIG;
                case "RET", "2" -> HouseholdType.RET;
                case "IMM", "3" -> HouseholdType.IMM;
                case "NON", "4" -> HouseholdType.NON;
                default -> null;
            };
            if (given == null) {
                problems.add(new Problem(line, "hh_type", "must be EMIG, RET, IMM, NON or 1 to 4, got '" + t + "'"));
                return;
            }
            if (fromFlags != null && fromFlags != given) {
                problems.add(new Problem(line, "hh_type", "is " + given + " but the screening answers make the household "
                        + fromFlags + " (priority emigrant > return > immigrant > non-migrant)"));
                return;
            }
            type = given;
        }
        String id = columns.containsKey("household_id") ? fields.get(columns.get("household_id")).trim() : "";
        byEa.computeIfAbsent(ea, k -> new ArrayList<>()).add(new Listing.ListedHousehold(n, type, id));
    }

    private static Boolean flag(int line, String column, List<String> fields, Map<String, Integer> columns,
            List<Problem> problems) {
        String v = fields.get(columns.get(column)).trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "1", "yes", "true":
                return true;
            case "0", "2", "no", "false":
                return false;
            default:
                problems.add(new Problem(line, column, "must be 1/yes/true or 0/2/no/false, got '" + v + "'"));
                return null;
        }
    }
}
