package org.fieldsync.sampling;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a census frame (SPEC section 1) and reports every problem, never only the first.
 *
 * <h2>CSV format</h2>
 * UTF-8 (a byte-order mark is ignored), comma-separated, RFC 4180 quoting (fields may be quoted with {@code "},
 * a doubled quote inside quotes is one quote), LF or CRLF line ends, one header row, then one row per EA. Columns
 * are found by header name, in any order; other columns are ignored; completely empty lines are skipped.
 * <table>
 * <caption>Frame columns</caption>
 * <tr><th>column</th><th>required</th><th>content</th></tr>
 * <tr><td>{@code ea_id}</td><td>yes</td><td>unique, non-blank EA identifier</td></tr>
 * <tr><td>{@code census_hh}</td><td>yes</td><td>census households, whole number &gt;= 0</td></tr>
 * <tr><td>{@code census_emig_hh}</td><td>yes</td><td>households with a member abroad, 0..census_hh</td></tr>
 * <tr><td>{@code census_ret_hh}</td><td>yes</td><td>households with a return migrant (none abroad), 0..census_hh</td></tr>
 * <tr><td>{@code census_imm_hh}</td><td>no (0)</td><td>households with an immigrant (no emigrant or returnee)</td></tr>
 * <tr><td>{@code domain}</td><td>no (empty)</td><td>domain of estimation, e.g. region x urban/rural</td></tr>
 * <tr><td>{@code sort_keys}</td><td>no (empty)</td><td>geography for implicit stratification, compared as text</td></tr>
 * <tr><td>{@code force_certainty}</td><td>no (false)</td><td>{@code true/false}, {@code 1/0}, {@code yes/no}</td></tr>
 * <tr><td>{@code exclude}</td><td>no (false)</td><td>same; an excluded EA is removed and reported</td></tr>
 * </table>
 * The three type counts are by priority (EMIG &gt; RET &gt; IMM, see {@link HouseholdType}), so they are disjoint
 * and their sum may not exceed {@code census_hh}; the control count is {@code census_hh} minus their sum. A blank
 * optional count is 0, a blank flag is false. Header names can be mapped from other names with
 * {@link #csv(byte[], Map)} (e.g. {@code sort_keys <- region}).
 *
 * <h2>What is reported</h2>
 * Problems (the import fails): a missing required column or repeated header, a row with the wrong number of fields,
 * a blank or repeated {@code ea_id} (with the line of its first use), a blank, non-integer or negative count, a type
 * count above {@code census_hh}, type counts summing to more than {@code census_hh}, an unreadable flag, both flags
 * set, an unterminated quote, bytes that are not UTF-8. Exclusions (the import succeeds without the EA): EAs with
 * {@code census_hh = 0} (their migrant share is undefined) and EAs flagged {@code exclude}. Line numbers are
 * physical lines of the file, the header being line 1.
 */
public final class FrameImport {
    /** Canonical column names, in the order {@link #canonicalCsv(List)} writes them. */
    public static final List<String> COLUMNS = List.of("ea_id", "domain", "sort_keys", "census_hh",
            "census_emig_hh", "census_ret_hh", "census_imm_hh", "force_certainty", "exclude");
    private static final List<String> REQUIRED = List.of("ea_id", "census_hh", "census_emig_hh", "census_ret_hh");

    /**
     * One problem of one row or of the header.
     *
     * @param line    physical line number (header = 1; 0 for rows given as objects, whose position is {@code row})
     * @param column  the column concerned, or empty for the row as a whole
     * @param message what is wrong, in English
     */
    public record Problem(int line, String column, String message) {
        /** @return the problem as a plain map {@code {line, column, message}} */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", line);
            m.put("column", column);
            m.put("message", message);
            return m;
        }

        @Override
        public String toString() {
            return "line " + line + (column.isEmpty() ? "" : ", " + column) + ": " + message;
        }
    }

    /** Why an EA was left out of the frame. */
    public enum ExclusionReason {
        /** {@code census_hh = 0}: no households, so no migrant share and no measure of size. */
        ZERO_HOUSEHOLDS,
        /** Flagged {@code exclude} in the frame. */
        FLAGGED
    }

    /**
     * An EA left out of the frame, reported so that nothing is dropped silently.
     *
     * @param line   physical line (or 1-based row position for rows given as objects)
     * @param eaId   the EA
     * @param reason why
     */
    public record Exclusion(int line, String eaId, ExclusionReason reason) {
    }

    /** The outcome of an import: the frame if there was no problem, and everything found on the way. */
    public static final class Result {
        private final Frame frame;
        private final List<Problem> problems;
        private final List<Exclusion> exclusions;
        private final String sha256;
        private final int dataRows;

        Result(Frame frame, List<Problem> problems, List<Exclusion> exclusions, String sha256, int dataRows) {
            this.frame = frame;
            this.problems = List.copyOf(problems);
            this.exclusions = List.copyOf(exclusions);
            this.sha256 = sha256;
            this.dataRows = dataRows;
        }

        /** @return true if there is no problem (exclusions are not problems) */
        public boolean ok() {
            return problems.isEmpty();
        }

        /**
         * @return the frame of the included EAs
         * @throws SamplingException {@code INVALID_FRAME} if there are problems; details {@code problems} holds the
         *                           first 1,000 as maps and {@code problemCount} their number
         */
        public Frame frame() {
            if (frame == null) {
                List<Map<String, Object>> first = new ArrayList<>();
                for (int i = 0; i < Math.min(1000, problems.size()); i++) {
                    first.add(problems.get(i).toMap());
                }
                throw new SamplingException(SamplingException.Code.INVALID_FRAME,
                        "the frame has " + problems.size() + " problem(s); first: " + problems.get(0),
                        Map.of("problemCount", problems.size(), "problems", first));
            }
            return frame;
        }

        /** @return every problem, in line order of discovery; empty if the import succeeded */
        public List<Problem> problems() {
            return problems;
        }

        /** @return every EA left out (zero households or flagged), in input order */
        public List<Exclusion> exclusions() {
            return exclusions;
        }

        /** @return SHA-256 (lower-case hex) of the bytes read (or of the canonical CSV of object rows) */
        public String sha256() {
            return sha256;
        }

        /** @return number of data rows read (included, excluded and bad) */
        public int dataRows() {
            return dataRows;
        }
    }

    private FrameImport() {
    }

    /** Reads a frame file; see the class comment for the format. */
    public static Result csv(Path file) {
        try {
            return csv(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a frame from a stream (read to its end, not closed). */
    public static Result csv(InputStream in) {
        try {
            return csv(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a frame from the bytes of a CSV file; see the class comment for the format. */
    public static Result csv(byte[] bytes) {
        return csv(bytes, Map.of());
    }

    /**
     * Reads a frame from the bytes of a CSV file whose headers use other names.
     *
     * @param bytes   the file
     * @param aliases canonical column name to the header used in this file (e.g. {@code sort_keys -> region})
     * @return the result; never throws for bad content
     */
    public static Result csv(byte[] bytes, Map<String, String> aliases) {
        String sha = Digests.sha256Hex(bytes);
        List<Problem> problems = new ArrayList<>();
        String text = decode(bytes, problems);
        if (text == null) {
            return new Result(null, problems, List.of(), sha, 0);
        }
        Builder b = new Builder(problems);
        int[] col = new int[COLUMNS.size()];
        Arrays.fill(col, -2);
        int[] headerSize = {-1};
        int[] rows = {0};
        List<Csv.SyntaxProblem> syntax = Csv.read(text, (line, fields) -> {
            if (headerSize[0] < 0) {
                headerSize[0] = fields.size();
                readHeader(line, fields, aliases, col, problems);
                return;
            }
            rows[0]++;
            if (col[0] == -2) {
                return; // header unusable: already reported once
            }
            if (fields.size() != headerSize[0]) {
                problems.add(new Problem(line, "", "expected " + headerSize[0] + " fields as in the header, found "
                        + fields.size()));
                return;
            }
            b.add(line, fields, col);
        });
        for (Csv.SyntaxProblem p : syntax) {
            problems.add(new Problem(p.line(), "", p.message()));
        }
        if (headerSize[0] < 0) {
            problems.add(new Problem(1, "", "the file is empty: a header row is required"));
        }
        return b.result(sha, rows[0]);
    }

    /**
     * Validates frame rows given as objects, with the same rules as the CSV import. Problems name the 1-based row
     * position as their line.
     *
     * @return the result, whose hash is the SHA-256 of {@link #canonicalCsv(List)} of the rows
     */
    public static Result rows(List<FrameRow> rows) {
        MessageDigest md = Digests.sha256();
        writeCanonical(rows, line -> md.update(line.getBytes(StandardCharsets.UTF_8)));
        String sha = Digests.hex(md.digest());
        List<Problem> problems = new ArrayList<>();
        Builder b = new Builder(problems);
        for (int i = 0; i < rows.size(); i++) {
            b.add(i + 1, rows.get(i));
        }
        return b.result(sha, rows.size());
    }

    /**
     * The canonical CSV of rows: header {@link #COLUMNS}, LF line ends, fields quoted only when needed, flags as
     * {@code true/false}. Importing it gives the same frame and hash as {@link #rows(List)}.
     */
    public static byte[] canonicalCsv(List<FrameRow> rows) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        writeCanonical(rows, line -> out.writeBytes(line.getBytes(StandardCharsets.UTF_8)));
        return out.toByteArray();
    }

    private static void writeCanonical(List<FrameRow> rows, Consumer<String> sink) {
        sink.accept(String.join(",", COLUMNS) + "\n");
        StringBuilder sb = new StringBuilder(128);
        for (FrameRow r : rows) {
            sb.setLength(0);
            sb.append(Csv.quote(r.eaId())).append(',').append(Csv.quote(r.domain())).append(',')
                    .append(Csv.quote(r.sortKeys())).append(',').append(r.censusHh()).append(',')
                    .append(r.censusEmigHh()).append(',').append(r.censusRetHh()).append(',')
                    .append(r.censusImmHh()).append(',').append(r.forceCertainty()).append(',')
                    .append(r.exclude()).append('\n');
            sink.accept(sb.toString());
        }
    }

    /** Checks that the bytes are UTF-8 in 64 KiB steps (no full-size char buffer), then decodes them. */
    private static String decode(byte[] bytes, List<Problem> problems) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        while (true) {
            CoderResult r = dec.decode(in, out, true);
            if (r.isError()) {
                int pos = in.position();
                int line = 1;
                for (int i = 0; i < pos; i++) {
                    if (bytes[i] == '\n') {
                        line++;
                    }
                }
                problems.add(new Problem(line, "", "the file is not valid UTF-8 (byte offset " + pos + ")"));
                return null;
            }
            out.clear();
            if (r.isUnderflow()) {
                break;
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void readHeader(int line, List<String> fields, Map<String, String> aliases, int[] col,
                                   List<Problem> problems) {
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i).trim();
            Integer prev = byName.putIfAbsent(name, i);
            if (prev != null && !name.isEmpty()) {
                problems.add(new Problem(line, name, "column appears twice in the header (fields " + (prev + 1)
                        + " and " + (i + 1) + ")"));
            }
        }
        boolean missing = false;
        for (int c = 0; c < COLUMNS.size(); c++) {
            String canonical = COLUMNS.get(c);
            String name = aliases.getOrDefault(canonical, canonical);
            Integer at = byName.get(name);
            col[c] = at == null ? -1 : at;
            if (at == null && REQUIRED.contains(canonical)) {
                problems.add(new Problem(line, canonical, "required column is missing from the header"
                        + (name.equals(canonical) ? "" : " (looked for '" + name + "')")));
                missing = true;
            }
        }
        if (missing) {
            col[0] = -2;
        }
    }

    /** Collects valid rows into growable columns and problems into the shared list. */
    private static final class Builder {
        private final List<Problem> problems;
        private final List<Exclusion> exclusions = new ArrayList<>();
        private final Map<String, Integer> firstLine = new HashMap<>();
        private final Map<String, String> interned = new HashMap<>();
        private String[] id = new String[1024];
        private String[] domain = new String[1024];
        private String[] sort = new String[1024];
        private long[] hh = new long[1024];
        private long[] emig = new long[1024];
        private long[] ret = new long[1024];
        private long[] imm = new long[1024];
        private boolean[] force = new boolean[1024];
        private int n;

        Builder(List<Problem> problems) {
            this.problems = problems;
        }

        void add(int line, List<String> f, int[] col) {
            int before = problems.size();
            String eaId = f.get(col[0]).trim();
            String dom = col[1] < 0 ? "" : f.get(col[1]).trim();
            String sortKeys = col[2] < 0 ? "" : f.get(col[2]).trim();
            long hhv = count(line, "census_hh", f.get(col[3]), true);
            long em = count(line, "census_emig_hh", f.get(col[4]), true);
            long re = count(line, "census_ret_hh", f.get(col[5]), true);
            long im = col[6] < 0 ? 0 : count(line, "census_imm_hh", f.get(col[6]), false);
            Boolean fc = col[7] < 0 ? Boolean.FALSE : flag(line, "force_certainty", f.get(col[7]));
            Boolean ex = col[8] < 0 ? Boolean.FALSE : flag(line, "exclude", f.get(col[8]));
            if (problems.size() > before) {
                checkId(line, eaId); // still report blank / repeated ids of bad rows
                return;
            }
            accept(line, new FrameRow(eaId, dom, sortKeys, hhv, em, re, im, fc, ex), before);
        }

        void add(int line, FrameRow r) {
            int before = problems.size();
            negative(line, "census_hh", r.censusHh());
            negative(line, "census_emig_hh", r.censusEmigHh());
            negative(line, "census_ret_hh", r.censusRetHh());
            negative(line, "census_imm_hh", r.censusImmHh());
            accept(line, r, before);
        }

        private void negative(int line, String column, long v) {
            if (v < 0) {
                problems.add(new Problem(line, column, "negative count " + v));
            }
        }

        private void accept(int line, FrameRow r, int before) {
            checkId(line, r.eaId());
            if (r.censusHh() >= 0 && r.censusEmigHh() >= 0 && r.censusRetHh() >= 0 && r.censusImmHh() >= 0) {
                checkAtMost(line, "census_emig_hh", r.censusEmigHh(), r.censusHh());
                checkAtMost(line, "census_ret_hh", r.censusRetHh(), r.censusHh());
                checkAtMost(line, "census_imm_hh", r.censusImmHh(), r.censusHh());
                long sum = r.censusEmigHh() + r.censusRetHh() + r.censusImmHh();
                if (sum > r.censusHh() && r.censusEmigHh() <= r.censusHh() && r.censusRetHh() <= r.censusHh()
                        && r.censusImmHh() <= r.censusHh()) {
                    problems.add(new Problem(line, "", "census_emig_hh + census_ret_hh + census_imm_hh = " + sum
                            + " exceeds census_hh = " + r.censusHh() + " (type counts are by priority, so disjoint)"));
                }
            }
            if (r.forceCertainty() && r.exclude()) {
                problems.add(new Problem(line, "", "force_certainty and exclude are both set"));
            }
            if (problems.size() > before) {
                return;
            }
            if (r.exclude()) {
                exclusions.add(new Exclusion(line, r.eaId(), ExclusionReason.FLAGGED));
                return;
            }
            if (r.censusHh() == 0) {
                exclusions.add(new Exclusion(line, r.eaId(), ExclusionReason.ZERO_HOUSEHOLDS));
                return;
            }
            if (n == id.length) {
                int m = n * 2;
                id = Arrays.copyOf(id, m);
                domain = Arrays.copyOf(domain, m);
                sort = Arrays.copyOf(sort, m);
                hh = Arrays.copyOf(hh, m);
                emig = Arrays.copyOf(emig, m);
                ret = Arrays.copyOf(ret, m);
                imm = Arrays.copyOf(imm, m);
                force = Arrays.copyOf(force, m);
            }
            id[n] = r.eaId();
            domain[n] = interned.computeIfAbsent(r.domain(), s -> s);
            sort[n] = r.sortKeys();
            hh[n] = r.censusHh();
            emig[n] = r.censusEmigHh();
            ret[n] = r.censusRetHh();
            imm[n] = r.censusImmHh();
            force[n] = r.forceCertainty();
            n++;
        }

        private void checkId(int line, String eaId) {
            if (eaId.isBlank()) {
                problems.add(new Problem(line, "ea_id", "blank EA identifier"));
                return;
            }
            Integer first = firstLine.putIfAbsent(eaId, line);
            if (first != null) {
                problems.add(new Problem(line, "ea_id", "EA identifier '" + eaId + "' repeats the one on line "
                        + first));
            }
        }

        private void checkAtMost(int line, String column, long v, long hhv) {
            if (v > hhv) {
                problems.add(new Problem(line, column, column + " = " + v + " exceeds census_hh = " + hhv));
            }
        }

        private long count(int line, String column, String raw, boolean required) {
            String s = raw.trim();
            if (s.isEmpty()) {
                if (required) {
                    problems.add(new Problem(line, column, "missing value"));
                }
                return 0;
            }
            long v;
            try {
                v = Long.parseLong(s);
            } catch (NumberFormatException e) {
                problems.add(new Problem(line, column, "not a whole number: '" + s + "'"));
                return 0;
            }
            if (v < 0) {
                problems.add(new Problem(line, column, "negative count " + v));
            }
            return v;
        }

        private Boolean flag(int line, String column, String raw) {
            switch (raw.trim().toLowerCase(Locale.ROOT)) {
                case "", "false", "0", "no", "f", "n":
                    return Boolean.FALSE;
                case "true", "1", "yes", "t", "y":
                    return Boolean.TRUE;
                default:
                    problems.add(new Problem(line, column, "not a flag (true/false, 1/0, yes/no): '" + raw.trim()
                            + "'"));
                    return Boolean.FALSE;
            }
        }

        Result result(String sha, int rows) {
            if (!problems.isEmpty()) {
                return new Result(null, problems, exclusions, sha, rows);
            }
            Frame f = new Frame(Arrays.copyOf(id, n), Arrays.copyOf(domain, n), Arrays.copyOf(sort, n),
                    Arrays.copyOf(hh, n), Arrays.copyOf(emig, n), Arrays.copyOf(ret, n), Arrays.copyOf(imm, n),
                    Arrays.copyOf(force, n), sha);
            return new Result(f, problems, exclusions, sha, rows);
        }
    }
}
