package org.fieldsync.forms.export;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.Closeable;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Flattens interviews into one CSV file per level of an {@link ExportSchema}, as a stream: each
 * {@link #writeInterview} call writes that interview's rows and keeps nothing of it, so memory stays flat
 * whatever the number of interviews. The header of every level is written when the flattener is created, so a
 * level without rows still has its file.
 *
 * <p>Cells: missing answers, answers of a question the interview's version did not ask, and a multi-select code
 * that version did not offer are empty; strings as answered; integers and numbers in plain decimal notation
 * ({@code 12}, {@code 4.5}, {@code -6.8416}: no exponent, no locale, trailing zeros dropped, so a double is
 * written the same way on every machine); booleans {@code 1}/{@code 0}; multi-select codes {@code 1}/{@code 0};
 * coarsened coordinates rounded half-up to one decimal, always written with it ({@code 34.0}). See {@link CsvWriter} for quoting.
 *
 * <p>Not thread-safe: one flattener per export.
 */
public final class Flattener implements Closeable {
    private final ExportSchema schema;
    private final Map<Integer, Integer> versionIndex = new HashMap<>();
    private final Map<String, Integer> extraIndex = new LinkedHashMap<>();
    private final List<Plan> plans = new ArrayList<>();
    private final Plan root;
    private final String[] keys;
    private final Object[] extras;

    /** A level ready to write: where its array is, its writer, its columns, its nested levels. */
    private static final class Plan {
        final Level level;
        final String[] arrayTokens;
        final CsvWriter out;
        final List<Column> columns = new ArrayList<>();
        final List<Plan> children = new ArrayList<>();
        final int depth;
        long rows;

        Plan(Level level, String[] arrayTokens, CsvWriter out, int depth) {
            this.level = level;
            this.arrayTokens = arrayTokens;
            this.out = out;
            this.depth = depth;
        }
    }

    /** A variable ready to write: its path inside its level's item and, per version, whether it was asked. */
    private record Column(Variable variable, String[] tokens, boolean[] asked) {
    }

    /**
     * Opens one writer per level and writes the headers.
     *
     * @param schema  the export schema
     * @param writers gives the writer of a level's file from the level name (see {@link Level#fileName()} for the
     *                name the import scripts expect), called once per level, in {@link ExportSchema#levels()}
     *                order, before this constructor returns; {@link #close()} closes the writers. A caller writing
     *                a zip archive, where one entry is open at a time, writes to temporary files first.
     * @throws NullPointerException if {@code writers} returns null
     */
    public Flattener(ExportSchema schema, Function<String, Writer> writers) {
        this(schema, writers, true);
    }

    /**
     * As {@link #Flattener(ExportSchema, Function)}, optionally without the header rows: for a part of the files
     * flattened apart (in parallel, say) and appended to files whose header is written once.
     *
     * @param headers whether to write each level's header row first
     */
    public Flattener(ExportSchema schema, Function<String, Writer> writers, boolean headers) {
        this.schema = Objects.requireNonNull(schema, "schema");
        for (int i = 0; i < schema.versions().size(); i++) {
            versionIndex.put(schema.versions().get(i), i);
        }
        for (ExtraColumn extra : schema.extraRootColumns()) {
            extraIndex.put(extra.name(), extraIndex.size());
        }
        this.extras = new Object[extraIndex.size()];
        Map<String, Plan> byName = new HashMap<>();
        int maxDepth = 0;
        for (Level level : schema.levels()) {
            Writer writer = Objects.requireNonNull(writers.apply(level.name()), "no writer for level " + level.name());
            Plan parent = level.isRoot() ? null : byName.get(level.parent());
            String[] arrayTokens = level.isRoot() ? new String[0]
                    : ExportSchema.relative(level.path(), parent.level.path()).toArray(String[]::new);
            Plan plan = new Plan(level, arrayTokens, new CsvWriter(writer), parent == null ? 0 : parent.depth + 1);
            for (Variable variable : level.variables()) {
                boolean[] asked = new boolean[schema.versions().size()];
                for (int v : variable.versions()) {
                    asked[versionIndex.get(v)] = true;
                }
                plan.columns.add(new Column(variable,
                        ExportSchema.relative(variable.path(), level.path()).toArray(String[]::new), asked));
            }
            if (parent != null) {
                parent.children.add(plan);
            }
            byName.put(level.name(), plan);
            plans.add(plan);
            maxDepth = Math.max(maxDepth, plan.depth);
            if (headers) {
                plan.out.writeRow(schema.columns(level));
            }
        }
        this.root = plans.get(0);
        this.keys = new String[maxDepth + 1];
    }

    /**
     * Writes one interview: one row in the root file, one row per item in each level's file.
     *
     * @param interviewId the interview's id ({@code interview_id} in every row)
     * @param revision    the interview's revision ({@code revision} in the root row)
     * @param formVersion the questionnaire version it answers ({@code form_version}); one of the schema's
     * @param answers     the answers (a JSON object; anything else gives a root row of keys only)
     * @param extraRoot   values of the schema's extra root columns by name (Number, Boolean, CharSequence or
     *                    anything whose {@code toString()} is the cell); an absent or null value is an empty cell.
     *                    May be null.
     * @throws IllegalArgumentException if {@code formVersion} is not a version of the schema or
     *                                  {@code extraRoot} names a column the schema does not have
     * @throws java.io.UncheckedIOException if a writer fails
     */
    public void writeInterview(String interviewId, int revision, int formVersion, JsonNode answers,
                               Map<String, Object> extraRoot) {
        Objects.requireNonNull(interviewId, "interviewId");
        Objects.requireNonNull(answers, "answers");
        Integer version = versionIndex.get(formVersion);
        if (version == null) {
            throw new IllegalArgumentException("interview " + interviewId + " answers version " + formVersion
                    + " of " + schema.formId() + ", not one of the export's versions " + schema.versions());
        }
        java.util.Arrays.fill(extras, null);
        if (extraRoot != null) {
            for (Map.Entry<String, Object> entry : extraRoot.entrySet()) {
                Integer index = extraIndex.get(entry.getKey());
                if (index == null) {
                    throw new IllegalArgumentException("no extra root column '" + entry.getKey() + "' in the schema");
                }
                extras[index] = entry.getValue();
            }
        }
        keys[0] = interviewId;
        CsvWriter out = root.out;
        out.cell(interviewId).cell(Integer.toString(revision)).cell(Integer.toString(formVersion));
        for (Object extra : extras) {
            out.cell(extraCell(extra));
        }
        writeItem(root, answers, version);
    }

    /**
     * The extra root cells of one interview as {@link #writeInterview} writes them between {@code form_version} and
     * the answers: each cell after its comma, in the schema's order. For a caller that flattens interviews before
     * their extra values are known (passing null, which writes one comma per extra column there) and puts the values
     * in afterwards.
     *
     * @param schema    the export schema
     * @param extraRoot values of the schema's extra root columns by name, as for {@link #writeInterview}; may be null
     * @return the cells' CSV text, {@code ","} per column and nothing else when every value is absent
     * @throws IllegalArgumentException if {@code extraRoot} names a column the schema does not have
     */
    public static String extraCells(ExportSchema schema, Map<String, Object> extraRoot) {
        StringBuilder cells = new StringBuilder(256);
        int found = 0;
        for (ExtraColumn column : schema.extraRootColumns()) {
            Object value = null;
            if (extraRoot != null && extraRoot.containsKey(column.name())) {
                value = extraRoot.get(column.name());
                found++;
            }
            cells.append(',').append(CsvWriter.field(extraCell(value)));
        }
        if (extraRoot != null && found < extraRoot.size()) {
            String unknown = extraRoot.keySet().stream().filter(name -> schema.extraRootColumns().stream()
                    .noneMatch(c -> c.name().equals(name))).findFirst().orElseThrow();
            throw new IllegalArgumentException("no extra root column '" + unknown + "' in the schema");
        }
        return cells.toString();
    }

    /**
     * Pushes what was written so far through to every level's writer (and flushes those), so that a caller can see
     * where one interview's rows end in each file.
     *
     * @throws java.io.UncheckedIOException if a writer fails
     */
    public void flush() {
        for (Plan plan : plans) {
            plan.out.flush();
        }
    }

    /**
     * @param level a level name
     * @return the number of data rows written to its file so far (the header not counted); 0 for an unknown level
     */
    public long rows(String level) {
        for (Plan plan : plans) {
            if (plan.level.name().equals(level)) {
                return plan.rows;
            }
        }
        return 0;
    }

    /** Flushes and closes every level's writer (all of them, even if one fails; the first failure is thrown). */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (Plan plan : plans) {
            try {
                plan.out.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Writes the variables of a row whose keys are written, ends it, then writes the nested levels' rows. */
    private void writeItem(Plan plan, JsonNode item, int version) {
        CsvWriter out = plan.out;
        for (Column column : plan.columns) {
            out.cell(column.asked[version] ? cell(column, at(item, column.tokens)) : "");
        }
        out.endRow();
        plan.rows++;
        for (Plan child : plan.children) {
            JsonNode array = at(item, child.arrayTokens);
            if (array == null || !array.isArray()) {
                continue;
            }
            for (int i = 0; i < array.size(); i++) {
                keys[child.depth] = Integer.toString(i + 1);
                for (int k = 0; k <= child.depth; k++) {
                    child.out.cell(keys[k]);
                }
                writeItem(child, array.get(i), version);
            }
        }
    }

    private static JsonNode at(JsonNode node, String[] tokens) {
        JsonNode current = node;
        for (String token : tokens) {
            if (current == null) {
                return null;
            }
            current = current.isObject() ? current.get(token) : null;
        }
        return current;
    }

    private static String cell(Column column, JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "";
        }
        Variable variable = column.variable;
        switch (variable.kind()) {
            case SELECTED:
                if (!node.isArray()) {
                    return "";
                }
                for (JsonNode element : node) {
                    if (matches(element, variable.selects())) {
                        return "1";
                    }
                }
                return "0";
            case COARSENED:
                return node.isNumber()
                        ? BigDecimal.valueOf(node.doubleValue()).setScale(1, RoundingMode.HALF_UP).toPlainString() : "";
            default:
                return value(node);
        }
    }

    private static String value(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? "1" : "0";
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? Long.toString(node.longValue()) : node.bigIntegerValue().toString();
        }
        if (node.isNumber()) {
            return plain(node.decimalValue());
        }
        return node.toString(); // an array (LIST) or an unexpected object: its JSON text
    }

    private static boolean matches(JsonNode element, Object code) {
        if (code instanceof Integer || code instanceof Long) {
            return element.isIntegralNumber() && element.canConvertToLong()
                    && element.longValue() == ((Number) code).longValue();
        }
        if (code instanceof Number number) {
            return element.isNumber() && element.doubleValue() == number.doubleValue();
        }
        return element.isTextual() && element.textValue().equals(String.valueOf(code));
    }

    private static String extraCell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? "" : plain(new BigDecimal(Float.toString(f)));
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "" : plain(BigDecimal.valueOf(d));
        }
        if (value instanceof BigDecimal d) {
            return plain(d);
        }
        return value.toString();
    }

    private static String plain(BigDecimal number) {
        return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
    }
}
