package org.fieldsync.forms.export;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.Closeable;
import java.io.IOException;
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
    /** Whether {@link #writeInterview(String, int, int, JsonParser, Map)} can stream this schema's interviews. */
    private final boolean streamable;
    private long objects;
    /** Reads a value of the answers as a tree, as {@code Questionnaire.parseAnswers} does (values inside a document). */
    private static final ObjectMapper TREES = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

    /** A level ready to write: where its array is, its writer, its columns, its nested levels. */
    private static final class Plan {
        final Level level;
        final String[] arrayTokens;
        final CsvWriter out;
        final List<Column> columns = new ArrayList<>();
        final List<Plan> children = new ArrayList<>();
        final int depth;
        /** Where the columns and nested levels are in an item, member by member, for streaming. */
        final Member members = new Member();
        long rows;

        Plan(Level level, String[] arrayTokens, CsvWriter out, int depth) {
            this.level = level;
            this.arrayTokens = arrayTokens;
            this.out = out;
            this.depth = depth;
        }
    }

    /**
     * A member name in an item (or nested object) of a level: the columns whose value it holds, or the nested level
     * whose array it holds, or the members nested under it. Built once per flattener; {@code seen} marks the object
     * being streamed that already had it (a repeated member is not streamed).
     */
    private static final class Member {
        final Map<String, Member> next = new HashMap<>();
        final List<Integer> columns = new ArrayList<>();
        final List<Plan> levels = new ArrayList<>();
        long seen;

        Member at(String name) {
            // interned as the parser interns member names: found by identity, not compared character by character
            return next.computeIfAbsent(name.intern(), n -> new Member());
        }

        /** Whether a value here is one thing to stream: columns, a level's array, or members; not two of them. */
        boolean streamable() {
            int uses = (columns.isEmpty() ? 0 : 1) + (levels.isEmpty() ? 0 : 1) + (next.isEmpty() ? 0 : 1);
            if (uses > 1 || levels.size() > 1) {
                return false;
            }
            for (Member m : next.values()) {
                if (!m.streamable()) {
                    return false;
                }
            }
            return true;
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
        boolean ok = true;
        for (Plan plan : plans) {
            for (int c = 0; c < plan.columns.size(); c++) {
                Member m = plan.members;
                for (String token : plan.columns.get(c).tokens) {
                    m = m.at(token);
                }
                m.columns.add(c);
            }
            for (Plan child : plan.children) {
                Member m = plan.members;
                for (String token : child.arrayTokens) {
                    m = m.at(token);
                }
                m.levels.add(child);
            }
            ok &= plan.columns.stream().allMatch(c -> c.tokens.length > 0) && plan.children.stream()
                    .allMatch(c -> c.arrayTokens.length > 0) && plan.members.streamable();
        }
        this.streamable = ok;
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
        Objects.requireNonNull(answers, "answers");
        int version = start(interviewId, formVersion, extraRoot);
        writeRootKeys(interviewId, revision, formVersion);
        writeItem(root, answers, version);
    }

    /**
     * As {@link #writeInterview(String, int, int, JsonNode, Map)}, reading the answers from a parser as they come
     * instead of from a tree (no tree is built: cheaper for an export of many interviews). For answers already known
     * to be one JSON value without repeated members (accepted at upload): a repeated member this flattener has a
     * column for is refused, others are not seen. The rows are the same as the tree's; on an exception, some of the
     * interview's rows may have been written (discard this flattener's output).
     *
     * @param answers a parser before the answers' first token (read to their end, not closed)
     * @throws IllegalArgumentException as for the tree, or if the answers are not one JSON value, repeat a member
     *                                  this flattener reads, or hold a number too large for a double
     */
    public void writeInterview(String interviewId, int revision, int formVersion, JsonParser answers,
                               Map<String, Object> extraRoot) {
        Objects.requireNonNull(answers, "answers");
        if (!streamable) {
            try {
                JsonNode tree = TREES.readTree(answers);
                if (tree == null || answers.nextToken() != null) {
                    throw new IllegalArgumentException("the answers are not one JSON value");
                }
                writeInterview(interviewId, revision, formVersion, tree, extraRoot);
                return;
            } catch (IOException e) {
                throw new IllegalArgumentException("the answers are not JSON: " + e.getMessage(), e);
            }
        }
        int version = start(interviewId, formVersion, extraRoot);
        String[] cells = new String[root.columns.size()];
        try {
            answers.nextToken();
            streamValue(root, answers, version, cells);
            if (answers.nextToken() != null) {
                throw new IllegalArgumentException("the answers are more than one JSON value");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the answers are not JSON: " + e.getMessage(), e);
        }
        writeRootKeys(interviewId, revision, formVersion);
        endRow(root, cells, version);
    }

    /** The root row's first cells: the interview's keys and the extra values {@link #start} set. */
    private void writeRootKeys(String interviewId, int revision, int formVersion) {
        CsvWriter out = root.out;
        out.cell(interviewId).cell(Integer.toString(revision)).cell(Integer.toString(formVersion));
        for (Object extra : extras) {
            out.cell(extraCell(extra));
        }
    }

    /** Checks the version and extra values, sets the extras and the interview key; returns the version's index. */
    private int start(String interviewId, int formVersion, Map<String, Object> extraRoot) {
        Objects.requireNonNull(interviewId, "interviewId");
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
        return version;
    }

    /**
     * Streams one item of a level (the parser on its first token): its nested levels' rows as their arrays come,
     * then its own row's cells into {@code cells} (the caller writes the row). Anything but an object is an item
     * without answers, as in the tree.
     */
    private void streamValue(Plan plan, JsonParser p, int version, String[] cells) throws IOException {
        if (p.currentToken() == JsonToken.START_OBJECT) {
            streamObject(plan, plan.members, p, version, cells);
        } else {
            p.skipChildren();
        }
    }

    private void streamObject(Plan plan, Member object, JsonParser p, int version, String[] cells)
            throws IOException {
        long stamp = ++objects;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            Member m = object.next.get(p.currentName());
            JsonToken value = p.nextToken();
            if (m == null) {
                p.skipChildren();
                continue;
            }
            if (m.seen == stamp) {
                throw new IllegalArgumentException("member '" + p.currentName() + "' is repeated");
            }
            m.seen = stamp;
            if (!m.columns.isEmpty()) {
                if (value.isScalarValue()) {
                    for (int c : m.columns) {
                        cells[c] = scalarCell(plan.columns.get(c), p, value);
                    }
                } else {
                    JsonNode node = TREES.readTree(p); // a list or an object: cells as the tree makes them
                    for (int c : m.columns) {
                        cells[c] = cell(plan.columns.get(c), node);
                    }
                }
            } else if (!m.levels.isEmpty()) {
                Plan child = m.levels.get(0);
                if (value != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    keys[child.depth] = Integer.toString(++i);
                    String[] childCells = new String[child.columns.size()];
                    streamValue(child, p, version, childCells);
                    for (int k = 0; k <= child.depth; k++) {
                        child.out.cell(keys[k]);
                    }
                    endRow(child, childCells, version);
                }
            } else if (value == JsonToken.START_OBJECT) {
                streamObject(plan, m, p, version, cells);
            } else {
                p.skipChildren();
            }
        }
    }

    /** Writes a streamed row's cells (absent ones empty, as are those the version did not ask) and ends it. */
    private static void endRow(Plan plan, String[] cells, int version) {
        CsvWriter out = plan.out;
        for (int c = 0; c < cells.length; c++) {
            String cell = cells[c];
            out.cell(cell != null && plan.columns.get(c).asked[version] ? cell : "");
        }
        out.endRow();
        plan.rows++;
    }

    /** A column's cell for a scalar value, as {@link #cell} gives it for the same value in a tree. */
    private static String scalarCell(Column column, JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return "";
        }
        switch (column.variable.kind()) {
            case SELECTED:
                return "";
            case COARSENED:
                return token.isNumeric()
                        ? BigDecimal.valueOf(p.getDoubleValue()).setScale(1, RoundingMode.HALF_UP).toPlainString() : "";
            default:
                switch (token) {
                    case VALUE_STRING:
                        return p.getText();
                    case VALUE_TRUE:
                        return "1";
                    case VALUE_FALSE:
                        return "0";
                    case VALUE_NUMBER_INT:
                        return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                                ? p.getBigIntegerValue().toString() : Long.toString(p.getLongValue());
                    case VALUE_NUMBER_FLOAT:
                        double d = p.getDoubleValue(); // a tree holds it as a double too
                        if (Double.isNaN(d) || Double.isInfinite(d)) {
                            throw new IllegalArgumentException("a number too large for a double: " + p.getText());
                        }
                        return plain(BigDecimal.valueOf(d));
                    default:
                        return p.getText(); // an embedded object: not in JSON text
                }
        }
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
