package org.fieldsync.forms.export;

import org.fieldsync.forms.Code;
import org.fieldsync.forms.Question;
import org.fieldsync.forms.Questionnaire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shape of an analyst export of one form: its levels (one file each), their key columns and their variables,
 * the union over one or more versions of the form. Immutable; built once per export and shared by the
 * {@link Flattener}, the {@link Codebook} and the {@link ImportScripts}, so the three always agree.
 *
 * <h2>Levels and keys</h2>
 * The root level has one row per interview; it is named {@code household} for a household questionnaire
 * ({@code x-form.unit}) and after the form id otherwise (e.g. {@code transit}). Every array of objects carrying
 * {@code x-level} is a level with one row per item; an array inside an item nests a level in its parent's. Keys:
 * the root has {@code interview_id, revision}; a nested level has its parent's keys without {@code revision},
 * then {@code <level>_no}, the item's 1-based position in its array (e.g. {@code interview_id, person_no}). Rows
 * therefore join on {@code interview_id} and the {@code _no} columns. After its keys, the root has
 * {@code form_version} and the caller's {@link ExtraColumn extra columns}, then its variables.
 *
 * <h2>Variables</h2>
 * Each question with a scalar answer becomes one column named after its path inside its level, tokens joined with
 * {@code _} ({@code /gps/lat} → {@code gps_lat}, {@code /roster/*}{@code /age} → {@code age} in {@code person}).
 * Objects are flattened (they have no column of their own). A multi-select question (an array of codes) becomes one
 * 0/1 column per code, {@code <name>_<code>} ({@code remit_uses_96}, {@code countries_fra}; a negative code
 * {@code -1} gives {@code m1}). An array of uncoded values is one column holding its JSON text. Names are lowercase
 * ASCII ({@code [a-z][a-z0-9_]*}, accents removed), at most 32 characters (Stata's limit), not a reserved word of
 * Stata, SPSS or R ({@code _} appended), unique in their level: a name already taken (by a key column or an earlier
 * variable) gets {@code _2}, {@code _3}, ... (the {@code visit_no} answer of the {@code visit} level is exported
 * as {@code visit_no_2}, since {@code visit_no} is the key).
 *
 * <h2>Versions</h2>
 * Variables are identified by path (and code, for a multi-select). Their order is the first version's
 * ({@link Questionnaire#questions()} order), then the variables later versions added, in their order. Labels and
 * question texts are the latest version's; value labels are the union (latest label wins); the type is widened
 * (integer and number give number, other disagreements string). Each variable records the versions that asked
 * it; interviews of other versions have empty cells, also for a multi-select code their version did not offer.
 *
 * <h2>Disclosure control</h2>
 * See {@link IdentifyingPolicy}: a variable is identifying if its question, or a question enclosing it, has
 * {@code x-identifying: true}. By default such variables are left out altogether, GPS coordinates being replaced
 * by coarsened ones.
 *
 * <h2>Side tables</h2>
 * Besides the levels, a schema may declare {@link Table tables}: files the caller writes itself (the sample of the
 * survey design with dispositions and weights, ...), which the {@link Codebook} and the {@link ImportScripts}
 * describe and load after the levels. Their names share the levels' namespace: no table is named like a level or
 * another table.
 */
public final class ExportSchema {
    /** The key column every row carries. */
    public static final String INTERVIEW_ID = "interview_id";
    /** The root level's second key column: the interview's revision. */
    public static final String REVISION = "revision";
    /** The root level's column after its keys: the questionnaire version the interview answered. */
    public static final String FORM_VERSION = "form_version";

    private static final Set<String> LATITUDE = Set.of("lat", "latitude");
    private static final Set<String> LONGITUDE = Set.of("lon", "lng", "long", "longitude");
    private static final Map<String, String> COARSENED_NOTE = Map.of(
            "en", " (rounded to 0.1 degree)",
            "fr", " (arrondi à 0,1 degré)");

    private final String formId;
    private final List<Integer> versions;
    private final List<String> languages;
    private final Map<String, String> title;
    private final IdentifyingPolicy policy;
    private final List<ExtraColumn> extraRootColumns;
    private final List<Level> levels;
    private final List<Table> tables;

    private ExportSchema(String formId, List<Integer> versions, List<String> languages, Map<String, String> title,
                         IdentifyingPolicy policy, List<ExtraColumn> extras, List<Level> levels, List<Table> tables) {
        this.formId = formId;
        this.versions = List.copyOf(versions);
        this.languages = List.copyOf(languages);
        this.title = title;
        this.policy = policy;
        this.extraRootColumns = List.copyOf(extras);
        this.levels = List.copyOf(levels);
        this.tables = List.copyOf(tables);
    }

    /**
     * The schema with the default policy ({@link IdentifyingPolicy#DROP}) and no extra root columns.
     *
     * @see #of(List, IdentifyingPolicy, List)
     */
    public static ExportSchema of(List<Questionnaire> versions) {
        return of(versions, IdentifyingPolicy.DROP, List.of());
    }

    /**
     * Builds the export schema of one form over the given versions.
     *
     * @param versions         one or more versions of the same form, in any order
     * @param policy           what to do with identifying variables
     * @param extraRootColumns columns the caller adds to the root level, in order (design variables, ...)
     * @return the schema
     * @throws IllegalArgumentException if {@code versions} is empty, mixes forms or repeats a version; if an extra
     *                                  column's name is repeated; if a level name is used by two arrays or clashes
     *                                  with the root level, or a level moves to another path between versions
     */
    public static ExportSchema of(List<Questionnaire> versions, IdentifyingPolicy policy,
                                  List<ExtraColumn> extraRootColumns) {
        return of(versions, policy, extraRootColumns, List.of());
    }

    /**
     * Builds the export schema of one form over the given versions, with side tables.
     *
     * @param versions         one or more versions of the same form, in any order
     * @param policy           what to do with identifying variables
     * @param extraRootColumns columns the caller adds to the root level, in order (design variables, ...)
     * @param tables           files the caller writes beside the levels' files, in the order the codebook and the
     *                         scripts list them; null for none
     * @return the schema
     * @throws IllegalArgumentException as {@link #of(List, IdentifyingPolicy, List)}, and if a table is named like a
     *                                  level or like another table
     */
    public static ExportSchema of(List<Questionnaire> versions, IdentifyingPolicy policy,
                                  List<ExtraColumn> extraRootColumns, List<Table> tables) {
        Objects.requireNonNull(policy, "policy");
        if (versions == null || versions.isEmpty()) {
            throw new IllegalArgumentException("at least one questionnaire version is required");
        }
        List<Questionnaire> sorted = new ArrayList<>(versions);
        sorted.sort(Comparator.comparingInt(Questionnaire::version));
        Questionnaire first = sorted.get(0);
        Questionnaire latest = sorted.get(sorted.size() - 1);
        Set<Integer> seen = new HashSet<>();
        LinkedHashSet<String> languages = new LinkedHashSet<>();
        for (Questionnaire q : sorted) {
            if (!q.formId().equals(first.formId())) {
                throw new IllegalArgumentException("versions of different forms: " + first.formId() + " and "
                        + q.formId());
            }
            if (!seen.add(q.version())) {
                throw new IllegalArgumentException("version " + q.version() + " of " + q.formId() + " given twice");
            }
            languages.addAll(q.languages());
        }
        String root = "household".equals(first.unit()) ? "household" : Names.clean(first.formId());

        List<ExtraColumn> extras = extraRootColumns == null ? List.of() : extraRootColumns;
        Builder builder = new Builder(root);
        for (Questionnaire q : sorted) {
            builder.add(q);
        }
        List<Level> levels = builder.levels(policy, extras);
        List<Table> sideTables = tables == null ? List.of() : tables;
        checkTableNames(levels, sideTables);
        return new ExportSchema(first.formId(), sorted.stream().map(Questionnaire::version).toList(),
                new ArrayList<>(languages), latest.title(), policy, extras, levels, sideTables);
    }

    private static void checkTableNames(List<Level> levels, List<Table> tables) {
        Set<String> levelNames = new HashSet<>();
        levels.forEach(l -> levelNames.add(l.name()));
        Set<String> tableNames = new HashSet<>();
        for (Table table : tables) {
            if (levelNames.contains(table.name())) {
                throw new IllegalArgumentException("table '" + table.name() + "' has the name of a level (file "
                        + table.fileName() + ")");
            }
            if (!tableNames.add(table.name())) {
                throw new IllegalArgumentException("table '" + table.name() + "' is given twice");
            }
        }
    }

    /** @return the form id all the versions share */
    public String formId() {
        return formId;
    }

    /** @return the versions the schema covers, ascending. Unmodifiable. */
    public List<Integer> versions() {
        return versions;
    }

    /** @return the languages of the labels: the first version's, then any a later version added. Unmodifiable. */
    public List<String> languages() {
        return languages;
    }

    /** @return the latest version's title per language. Unmodifiable. */
    public Map<String, String> title() {
        return title;
    }

    /** @return the policy the schema was built with */
    public IdentifyingPolicy policy() {
        return policy;
    }

    /** @return the caller's extra root columns, in order. Unmodifiable. */
    public List<ExtraColumn> extraRootColumns() {
        return extraRootColumns;
    }

    /** @return the levels: the root first, then nested levels in the order their arrays first appear. Unmodifiable. */
    public List<Level> levels() {
        return levels;
    }

    /** @return the side tables, in the caller's order; empty if none. Unmodifiable. */
    public List<Table> tables() {
        return tables;
    }

    /**
     * @param name a table name
     * @return the table, or empty if there is none of that name
     */
    public Optional<Table> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** @return the root level */
    public Level root() {
        return levels.get(0);
    }

    /**
     * @param name a level name
     * @return the level, or empty if there is none of that name
     */
    public Optional<Level> level(String name) {
        return levels.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    /**
     * @param level one of this schema's levels
     * @return the level's header: its keys, for the root {@code form_version} and the extra columns, then its
     *         variables' names
     */
    public List<String> columns(Level level) {
        List<String> columns = new ArrayList<>(level.keys());
        if (level.isRoot()) {
            columns.add(FORM_VERSION);
            extraRootColumns.forEach(c -> columns.add(c.name()));
        }
        level.variables().forEach(v -> columns.add(v.name()));
        return columns;
    }

    /**
     * @param table one of this schema's tables
     * @return the table's header: its columns' names, in order
     */
    public List<String> columns(Table table) {
        return table.columns().stream().map(ExtraColumn::name).toList();
    }

    /** @return the unescaped tokens of a JSON pointer ({@code ""} has none) */
    static List<String> tokens(String pointer) {
        List<String> tokens = new ArrayList<>();
        if (pointer.isEmpty()) {
            return tokens;
        }
        for (String token : pointer.substring(1).split("/", -1)) {
            tokens.add(token.replace("~1", "/").replace("~0", "~"));
        }
        return tokens;
    }

    /** @return the tokens of {@code path} after {@code levelPath/*} (after nothing for the root, path "") */
    static List<String> relative(String path, String levelPath) {
        List<String> all = tokens(path);
        int skip = levelPath.isEmpty() ? 0 : tokens(levelPath).size() + 1;
        return all.subList(skip, all.size());
    }

    @Override
    public String toString() {
        return "ExportSchema[" + formId + " " + versions + ", levels " + levels.stream().map(Level::name).toList()
                + (tables.isEmpty() ? "" : ", tables " + tables.stream().map(Table::name).toList()) + "]";
    }

    // ---- building ----

    /** A variable while the union is built. */
    private static final class Draft {
        final String level;
        final String path;
        final Variable.Kind kind;
        final Object selects;
        final boolean gps;
        VariableType type;
        Map<String, String> label;
        Map<String, String> question;
        final LinkedHashMap<Object, Code> codes = new LinkedHashMap<>();
        boolean identifying;
        final TreeSet<Integer> versions = new TreeSet<>();
        int width;

        Draft(String level, String path, Variable.Kind kind, Object selects, boolean gps) {
            this.level = level;
            this.path = path;
            this.kind = kind;
            this.selects = selects;
            this.gps = gps;
        }
    }

    private record LevelDraft(String name, String path, String parent) {
    }

    private static final class Builder {
        private final String root;
        private final LinkedHashMap<String, LevelDraft> levels = new LinkedHashMap<>();
        private final LinkedHashMap<String, Draft> drafts = new LinkedHashMap<>();

        Builder(String root) {
            this.root = root;
            levels.put(root, new LevelDraft(root, "", null));
        }

        void add(Questionnaire q) {
            SchemaFacts facts = new SchemaFacts(q);
            Map<String, Question> byPath = new HashMap<>();
            Map<String, String> levelByArray = new HashMap<>();
            for (Question question : q.questions()) {
                byPath.put(question.path(), question);
                if (!question.level().isEmpty()) {
                    if (question.level().equals(root) || levelByArray.containsValue(question.level())) {
                        throw new IllegalArgumentException(q + ": level '" + question.level()
                                + "' is used twice (or is the root level's name)");
                    }
                    levelByArray.put(question.path(), question.level());
                }
            }
            for (Question question : q.questions()) {
                String level = levelOf(question.path(), levelByArray);
                if (level == null) {
                    continue; // inside an array that is not a level: no column of its own
                }
                boolean identifying = identifying(question.path(), byPath);
                if (!question.level().isEmpty()) {
                    LevelDraft known = levels.get(question.level());
                    if (known != null && !known.path().equals(question.path())) {
                        throw new IllegalArgumentException("level '" + question.level() + "' is at "
                                + known.path() + " in an earlier version and at " + question.path() + " in " + q);
                    }
                    levels.putIfAbsent(question.level(), new LevelDraft(question.level(), question.path(), level));
                    continue;
                }
                switch (question.type()) {
                    case "object" -> {
                        // flattened: its members are questions of their own
                    }
                    case "array" -> {
                        if (question.codes().isEmpty()) {
                            merge(q, question, level, Variable.Kind.LIST, null, VariableType.STRING, identifying,
                                    false, 0, question.label());
                        } else {
                            for (Code code : question.codes()) {
                                merge(q, question, level, Variable.Kind.SELECTED, code.code(), VariableType.INTEGER,
                                        identifying, false, 0, selectedLabel(question, code));
                            }
                        }
                    }
                    default -> {
                        VariableType type = type(question, facts.format(question.path()));
                        merge(q, question, level, Variable.Kind.VALUE, null, type, identifying,
                                isGps(question, type, byPath), width(question, type, facts), question.label());
                    }
                }
            }
        }

        private void merge(Questionnaire q, Question question, String level, Variable.Kind kind, Object selects,
                           VariableType type, boolean identifying, boolean gps, int width,
                           Map<String, String> label) {
            String id = level + " " + question.path() + (selects == null ? "" : " " + selects);
            Draft draft = drafts.get(id);
            if (draft == null) {
                draft = new Draft(level, question.path(), kind, selects, gps);
                draft.type = type;
                drafts.put(id, draft);
            } else {
                draft.type = VariableType.widen(draft.type, type);
            }
            draft.label = label;
            draft.question = question.label();
            if (kind != Variable.Kind.SELECTED) {
                for (Code code : question.codes()) {
                    draft.codes.put(code.code(), code);
                }
            }
            draft.identifying |= identifying;
            draft.versions.add(q.version());
            draft.width = Math.max(draft.width, width);
        }

        List<Level> levels(IdentifyingPolicy policy, List<ExtraColumn> extras) {
            Map<String, List<String>> keys = new HashMap<>();
            Map<String, Set<String>> taken = new HashMap<>();
            List<Level> result = new ArrayList<>();
            Set<String> extraNames = new HashSet<>();
            for (ExtraColumn extra : extras) {
                if (!extraNames.add(extra.name()) || extra.name().equals(INTERVIEW_ID)
                        || extra.name().equals(REVISION) || extra.name().equals(FORM_VERSION)) {
                    throw new IllegalArgumentException("extra root column '" + extra.name()
                            + "' is repeated or is a fixed column");
                }
            }
            for (LevelDraft level : levels.values()) {
                List<String> levelKeys = new ArrayList<>();
                Set<String> names = new HashSet<>();
                if (level.parent() == null) {
                    levelKeys.add(INTERVIEW_ID);
                    levelKeys.add(REVISION);
                    names.add(FORM_VERSION);
                    names.addAll(extraNames);
                } else {
                    keys.get(level.parent()).stream().filter(k -> !k.equals(REVISION)).forEach(levelKeys::add);
                    levelKeys.add(Names.unique(Names.clean(level.name()), "no", new HashSet<>(levelKeys)));
                }
                names.addAll(levelKeys);
                keys.put(level.name(), levelKeys);
                taken.put(level.name(), names);
            }
            Map<String, List<Variable>> variables = new HashMap<>();
            for (Draft draft : drafts.values()) {
                LevelDraft level = levels.get(draft.level);
                Variable.Kind kind = draft.kind;
                Map<String, String> label = draft.label;
                boolean identifying = draft.identifying;
                String suffix = kind == Variable.Kind.SELECTED ? Names.codeSuffix(draft.selects) : null;
                if (identifying && policy == IdentifyingPolicy.DROP) {
                    if (!draft.gps) {
                        continue;
                    }
                    kind = Variable.Kind.COARSENED;
                    label = coarsenedLabel(label);
                    identifying = false;
                    suffix = "01";
                }
                String base = Names.clean(String.join("_", relative(draft.path, level.path())));
                Set<String> names = taken.get(draft.level);
                String name = Names.unique(base, suffix, names);
                names.add(name);
                variables.computeIfAbsent(draft.level, l -> new ArrayList<>()).add(new Variable(name, draft.level,
                        draft.path, kind, draft.type, label, draft.question, new ArrayList<>(draft.codes.values()),
                        draft.selects, identifying, new ArrayList<>(draft.versions), draft.width));
            }
            for (LevelDraft level : levels.values()) {
                result.add(new Level(level.name(), level.path(), level.parent(), keys.get(level.name()),
                        variables.getOrDefault(level.name(), List.of())));
            }
            return result;
        }

        /** The level a question's column belongs to: the innermost level array it is in; null if in another array. */
        private String levelOf(String path, Map<String, String> levelByArray) {
            String level = root;
            StringBuilder prefix = new StringBuilder();
            String[] raw = path.substring(1).split("/", -1);
            for (int i = 0; i < raw.length - 1; i++) {
                String before = prefix.toString();
                prefix.append('/').append(raw[i]);
                if (raw[i].equals("*") || raw[i].matches("[0-9]+")) {
                    String array = levelByArray.get(before);
                    if (array == null || !raw[i].equals("*")) {
                        return null;
                    }
                    level = array;
                }
            }
            return level;
        }

        /** Whether the question or a question enclosing it is marked identifying. */
        private static boolean identifying(String path, Map<String, Question> byPath) {
            for (String p = path; !p.isEmpty(); p = p.substring(0, p.lastIndexOf('/'))) {
                Question q = byPath.get(p);
                if (q != null && q.identifying()) {
                    return true;
                }
            }
            return false;
        }

        /** A latitude or longitude: a number named so directly under an identifying object. */
        private static boolean isGps(Question question, VariableType type, Map<String, Question> byPath) {
            String path = question.path();
            String name = path.substring(path.lastIndexOf('/') + 1);
            if (type != VariableType.NUMBER || !(LATITUDE.contains(name) || LONGITUDE.contains(name))) {
                return false;
            }
            Question parent = byPath.get(path.substring(0, path.lastIndexOf('/')));
            return parent != null && "object".equals(parent.type()) && identifying(parent.path(), byPath);
        }

        private static VariableType type(Question question, String format) {
            switch (question.type()) {
                case "integer":
                    return VariableType.INTEGER;
                case "number":
                    return VariableType.NUMBER;
                case "boolean":
                    return VariableType.BOOLEAN;
                case "string":
                    return switch (format) {
                        case "date" -> VariableType.DATE;
                        case "date-time" -> VariableType.DATETIME;
                        default -> VariableType.STRING;
                    };
                default:
                    boolean integers = !question.codes().isEmpty() && question.codes().stream()
                            .allMatch(c -> c.code() instanceof Integer || c.code() instanceof Long);
                    return integers ? VariableType.INTEGER : VariableType.STRING;
            }
        }

        private static int width(Question question, VariableType type, SchemaFacts facts) {
            if (type != VariableType.STRING) {
                return 0;
            }
            int width = Math.min(32767, 3 * facts.maxLength(question.path()));
            for (Code code : question.codes()) {
                width = Math.max(width, String.valueOf(code.code()).getBytes(StandardCharsets.UTF_8).length);
            }
            return width;
        }

        private static Map<String, String> selectedLabel(Question question, Code code) {
            Map<String, String> label = new LinkedHashMap<>();
            question.label().forEach((lang, text) -> label.put(lang, text + ": "
                    + Variable.in(code.label(), lang, String.valueOf(code.code()))));
            return label;
        }

        private static Map<String, String> coarsenedLabel(Map<String, String> label) {
            Map<String, String> result = new LinkedHashMap<>();
            label.forEach((lang, text) -> result.put(lang, text
                    + COARSENED_NOTE.getOrDefault(lang.split("-")[0], COARSENED_NOTE.get("en"))));
            return result;
        }
    }
}
