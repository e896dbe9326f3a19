package org.fieldsync.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Checks a questionnaire document against the authoring format of {@code docs/questionnaires.md} and reports every
 * problem at once, each with the JSON pointer of the offending location and a stable code:
 *
 * <ul>
 *   <li>{@code lint.not-json}: the bytes are not JSON;</li>
 *   <li>{@code lint.schema-invalid}: the document fails the JSON Schema 2020-12 meta-schema, its {@code $schema}
 *       is not 2020-12, or it cannot be compiled (a bad regular expression, for instance);</li>
 *   <li>{@code lint.annotation-invalid}: an {@code x-} keyword does not follow
 *       {@code fieldsync-annotations.schema.json} (wrong type, unknown keyword, {@code x-form} below the root,
 *       duplicate section id, a label in an undeclared language);</li>
 *   <li>{@code lint.form-missing}, {@code lint.label-missing}, {@code lint.section-unknown},
 *       {@code lint.codes-missing}, {@code lint.codes-extra}, {@code lint.codes-duplicate},
 *       {@code lint.level-missing}, {@code lint.skip-unknown-question}, {@code lint.ref-invalid}: the rules the
 *       meta-schema cannot express, checked here in code.</li>
 * </ul>
 *
 * <p>The document is walked through every subschema position ({@code properties}, {@code items},
 * {@code prefixItems}, {@code $defs}, the applicators...). A question is a member of a {@code properties} object
 * that is not inside skip logic: the {@code properties} found under {@code if}, {@code then}, {@code else},
 * {@code not}, {@code dependentSchemas}, {@code allOf}, {@code anyOf}, {@code oneOf}, {@code contains} and
 * {@code propertyNames} are conditions on questions declared elsewhere, so they need no labels; instead every name
 * they mention must be a question of the object the rule sits in.
 */
public final class QuestionnaireLinter {
    static final String NOT_JSON = "lint.not-json";
    static final String SCHEMA_INVALID = "lint.schema-invalid";
    static final String ANNOTATION_INVALID = "lint.annotation-invalid";
    static final String FORM_MISSING = "lint.form-missing";
    static final String LABEL_MISSING = "lint.label-missing";
    static final String SECTION_UNKNOWN = "lint.section-unknown";
    static final String CODES_MISSING = "lint.codes-missing";
    static final String CODES_EXTRA = "lint.codes-extra";
    static final String CODES_DUPLICATE = "lint.codes-duplicate";
    static final String LEVEL_MISSING = "lint.level-missing";
    static final String SKIP_UNKNOWN_QUESTION = "lint.skip-unknown-question";
    static final String REF_INVALID = "lint.ref-invalid";

    /** Applicators whose subschemas are conditions (skip logic), not declarations of questions. */
    private static final Set<String> LOGIC_KEYWORDS = Set.of("if", "then", "else", "not", "dependentSchemas",
            "allOf", "anyOf", "oneOf", "contains", "propertyNames");

    private QuestionnaireLinter() {
    }

    /**
     * Lints a questionnaire document.
     *
     * @param json the document's bytes (UTF-8 JSON)
     * @return every problem found, ordered by pointer; empty if the document is a valid questionnaire. Never throws
     *         for bad content: bytes that are not JSON give a single {@code lint.not-json} problem.
     */
    public static List<LintProblem> lint(byte[] json) {
        JsonNode root;
        try {
            root = Json.read(json);
        } catch (Json.NotJsonException e) {
            return List.of(notJson(e));
        }
        return lintDocument(root).problems();
    }

    static LintProblem notJson(Json.NotJsonException e) {
        return new LintProblem("", NOT_JSON, "The file is not JSON: " + e.getMessage() + ".");
    }

    /** The linter's findings, plus the compiled schema when there is no problem (so parsing compiles once). */
    record Outcome(List<LintProblem> problems, JsonSchema schema) {
    }

    static Outcome lintDocument(JsonNode root) {
        return new Run(root).run();
    }

    /** A schema object met during the walk, with how it was reached. */
    private record At(String pointer, JsonNode node, boolean logic, String via, At parent) {
    }

    /** One linting of one document. */
    private static final class Run {
        private final JsonNode root;
        private final Set<LintProblem> problems = new LinkedHashSet<>();
        private List<String> languages;
        private Set<String> sectionIds;
        private final Map<String, List<At>> referrers = new HashMap<>();

        Run(JsonNode root) {
            this.root = root;
        }

        Outcome run() {
            if (!root.isObject()) {
                add("", SCHEMA_INVALID, "A questionnaire is a JSON Schema object, not " + kind(root) + ".");
                return outcome(null);
            }
            checkSchemaDeclaration();
            checkAgainstMetaSchema();
            readForm();
            walk(new At("", root, false, "", null), this::collectRef);
            walk(new At("", root, false, "", null), this::check);
            JsonSchema schema = null;
            if (problems.isEmpty()) {
                try {
                    schema = Dialect.compileQuestionnaire(root);
                } catch (RuntimeException e) {
                    add("", SCHEMA_INVALID, "The schema cannot be compiled: " + e.getMessage());
                }
            }
            return outcome(schema);
        }

        private Outcome outcome(JsonSchema schema) {
            List<LintProblem> sorted = new ArrayList<>(problems);
            sorted.sort((a, b) -> Pointers.COMPARATOR.compare(a.pointer(), b.pointer()));
            return new Outcome(List.copyOf(sorted), schema);
        }

        private void add(String pointer, String code, String message) {
            problems.add(new LintProblem(pointer, code, message));
        }

        // ---- document-level checks ----

        private void checkSchemaDeclaration() {
            JsonNode declared = root.get("$schema");
            if (declared == null) {
                add("", SCHEMA_INVALID, "The document has no $schema; declare \"" + Dialect.DRAFT_2020_12 + "\".");
            } else if (!declared.isTextual() || !isDraft202012(declared.textValue())) {
                add("/$schema", SCHEMA_INVALID, "$schema must be \"" + Dialect.DRAFT_2020_12 + "\", not "
                        + declared + ".");
            }
        }

        private static boolean isDraft202012(String iri) {
            String bare = iri.endsWith("#") ? iri.substring(0, iri.length() - 1) : iri;
            return bare.equals(Dialect.DRAFT_2020_12);
        }

        private void checkAgainstMetaSchema() {
            Map<String, Set<String>> byPointer = new LinkedHashMap<>();
            try {
                for (ValidationMessage message : Dialect.DRAFT_2020_12_META_SCHEMA.validate(root)) {
                    String pointer = Json.pointer(message.getInstanceLocation());
                    byPointer.computeIfAbsent(pointer, p -> new LinkedHashSet<>()).add(message.getError());
                }
            } catch (RuntimeException e) {
                add("", SCHEMA_INVALID, "The document cannot be checked against the 2020-12 meta-schema: "
                        + e.getMessage());
                return;
            }
            byPointer.forEach((pointer, messages) -> add(pointer, SCHEMA_INVALID,
                    "Not valid JSON Schema 2020-12: " + String.join("; or ", messages) + "."));
        }

        private void readForm() {
            JsonNode form = root.get("x-form");
            if (form == null) {
                add("", FORM_MISSING, "The document has no x-form (id, version, kind, unit, title, languages, "
                        + "sections).");
                return;
            }
            if (!form.isObject()) {
                return; // reported by the annotation check
            }
            JsonNode langs = form.get("languages");
            if (langs != null && langs.isArray() && !langs.isEmpty()) {
                List<String> list = new ArrayList<>();
                for (JsonNode lang : langs) {
                    if (lang.isTextual()) {
                        list.add(lang.textValue());
                    }
                }
                if (list.size() == langs.size()) {
                    languages = List.copyOf(new LinkedHashSet<>(list));
                }
            }
            JsonNode sections = form.get("sections");
            if (sections != null && sections.isArray()) {
                sectionIds = new HashSet<>();
                for (int i = 0; i < sections.size(); i++) {
                    JsonNode id = sections.get(i).get("id");
                    if (id != null && id.isTextual() && !sectionIds.add(id.textValue())) {
                        add("/x-form/sections/" + i + "/id", ANNOTATION_INVALID,
                                "Section id '" + id.textValue() + "' is declared twice.");
                    }
                }
            }
            labelLanguages("/x-form/title", form.get("title"), "the questionnaire title");
            if (sections != null && sections.isArray()) {
                for (int i = 0; i < sections.size(); i++) {
                    labelLanguages("/x-form/sections/" + i + "/label", sections.get(i).get("label"),
                            "the label of section " + sections.get(i).path("id").asText("#" + i));
                }
            }
        }

        // ---- the walk ----

        /** Visits every schema object of the document, depth first, in document order. */
        private void walk(At at, Consumer<At> visitor) {
            JsonNode node = at.node();
            if (!node.isObject()) {
                return;
            }
            visitor.accept(at);
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String keyword = field.getKey();
                JsonNode value = field.getValue();
                boolean logic = at.logic() || LOGIC_KEYWORDS.contains(keyword);
                String base = Json.append(at.pointer(), keyword);
                if (Dialect.SCHEMA_MAP_KEYWORDS.contains(keyword) && value.isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> members = value.fields(); members.hasNext(); ) {
                        Map.Entry<String, JsonNode> member = members.next();
                        walk(new At(Json.append(base, member.getKey()), member.getValue(), logic, keyword, at),
                                visitor);
                    }
                } else if (Dialect.SCHEMA_KEYWORDS.contains(keyword)) {
                    walk(new At(base, value, logic, keyword, at), visitor);
                } else if (Dialect.SCHEMA_ARRAY_KEYWORDS.contains(keyword) && value.isArray()) {
                    for (int i = 0; i < value.size(); i++) {
                        walk(new At(Json.append(base, i), value.get(i), logic, keyword, at), visitor);
                    }
                }
            }
        }

        private void collectRef(At at) {
            JsonNode ref = at.node().get("$ref");
            if (ref != null && ref.isTextual()) {
                String pointer = Json.localRefPointer(ref.textValue());
                if (pointer != null) {
                    referrers.computeIfAbsent(pointer, p -> new ArrayList<>()).add(at);
                }
            }
        }

        private void check(At at) {
            checkAnnotations(at);
            checkRef(at);
            if (!at.logic()) {
                checkQuestions(at);
                checkEnumCodes(at);
                checkCodesEnum(at);
                checkLevel(at);
                checkSkipLogic(at);
            }
        }

        // ---- annotations ----

        private void checkAnnotations(At at) {
            ObjectNode annotations = null;
            for (Iterator<Map.Entry<String, JsonNode>> it = at.node().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().startsWith("x-")) {
                    if (annotations == null) {
                        annotations = Json.MAPPER.createObjectNode();
                    }
                    annotations.set(field.getKey(), field.getValue());
                }
            }
            if (annotations == null) {
                return;
            }
            String pointer = at.pointer();
            if (annotations.has("x-form") && !pointer.isEmpty()) {
                add(pointer + "/x-form", ANNOTATION_INVALID, "x-form is allowed only at the root of the document.");
            }
            for (ValidationMessage message : Dialect.ANNOTATIONS_SCHEMA.validate(annotations)) {
                String relative = Json.pointer(message.getInstanceLocation());
                String type = message.getType();
                if ("additionalProperties".equals(type)) {
                    add(Json.append(pointer, message.getProperty()), ANNOTATION_INVALID,
                            "Unknown annotation keyword '" + message.getProperty() + "'; the known ones are "
                                    + String.join(", ", Dialect.ANNOTATION_KEYWORDS) + ".");
                } else if ("required".equals(type)) {
                    String missing = message.getProperty();
                    if (relative.equals("/x-form")) {
                        add(pointer + relative, FORM_MISSING, "x-form has no '" + missing + "'.");
                    } else if ("label".equals(missing)) {
                        add(pointer + relative, LABEL_MISSING, describe(relative) + " has no label.");
                    } else {
                        add(pointer + relative, ANNOTATION_INVALID, describe(relative) + " has no '" + missing
                                + "'.");
                    }
                } else {
                    add(pointer + relative, ANNOTATION_INVALID, describe(relative) + ": " + message.getError()
                            + ".");
                }
            }
            labelLanguages(pointer + "/x-label", annotations.get("x-label"), "the label");
            labelLanguages(pointer + "/x-hint", annotations.get("x-hint"), "the hint");
            JsonNode codes = annotations.get("x-codes");
            if (codes != null && codes.isArray()) {
                for (int i = 0; i < codes.size(); i++) {
                    labelLanguages(pointer + "/x-codes/" + i + "/label", codes.get(i).get("label"),
                            "the label of code " + codeText(codes.get(i).get("code")));
                }
            }
            JsonNode section = annotations.get("x-section");
            if (section != null && section.isTextual() && sectionIds != null
                    && !sectionIds.contains(section.textValue())) {
                add(pointer + "/x-section", SECTION_UNKNOWN, "Section '" + section.textValue()
                        + "' is not declared in x-form.sections.");
            }
        }

        private static String describe(String relative) {
            return relative.isEmpty() ? "The annotations" : relative.substring(1);
        }

        /** Every declared language must have a text; a text in an undeclared language is a typo to report. */
        private void labelLanguages(String pointer, JsonNode label, String what) {
            if (languages == null || label == null || !label.isObject()) {
                return;
            }
            List<String> missing = new ArrayList<>();
            for (String language : languages) {
                JsonNode text = label.get(language);
                if (text == null) {
                    missing.add(language);
                }
            }
            if (!missing.isEmpty()) {
                add(pointer, LABEL_MISSING, capitalise(what) + " has no text in " + String.join(", ", missing)
                        + ".");
            }
            for (Iterator<String> it = label.fieldNames(); it.hasNext(); ) {
                String language = it.next();
                if (!languages.contains(language)) {
                    add(Json.append(pointer, language), ANNOTATION_INVALID, "Language '" + language
                            + "' is not declared in x-form.languages " + languages + ".");
                }
            }
        }

        // ---- references ----

        private void checkRef(At at) {
            JsonNode ref = at.node().get("$ref");
            if (ref == null || !ref.isTextual()) {
                return;
            }
            String pointer = Json.localRefPointer(ref.textValue());
            if (pointer == null) {
                add(at.pointer() + "/$ref", REF_INVALID, "Only local references (#/...) are allowed, not '"
                        + ref.textValue() + "'.");
                return;
            }
            JsonNode target = root.at(pointer);
            if (target.isMissingNode()) {
                add(at.pointer() + "/$ref", REF_INVALID, "Reference '" + ref.textValue() + "' does not resolve.");
            } else if (!target.isObject() && !target.isBoolean()) {
                add(at.pointer() + "/$ref", REF_INVALID, "Reference '" + ref.textValue()
                        + "' does not point at a schema.");
            }
        }

        // ---- questions: labels and sections ----

        private void checkQuestions(At at) {
            JsonNode properties = at.node().get("properties");
            if (properties == null || !properties.isObject()) {
                return;
            }
            boolean rootObject = at.pointer().isEmpty();
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                JsonNode schema = member.getValue();
                String pointer = Json.append(at.pointer() + "/properties", member.getKey());
                if (schema.isBoolean() && !schema.booleanValue()) {
                    continue; // a forbidden member, not a question
                }
                if (!schema.isObject() || !schema.has("x-label")) {
                    add(pointer, LABEL_MISSING, "Question '" + member.getKey() + "' has no x-label.");
                }
                if (rootObject && (!schema.isObject() || !schema.has("x-section"))) {
                    add(pointer, SECTION_UNKNOWN, "Question '" + member.getKey()
                            + "' is at the root and has no x-section.");
                }
            }
        }

        // ---- enum and x-codes ----

        /** An enum needs a label for each code: x-codes beside it, or on the multi-select array it is items of. */
        private void checkEnumCodes(At at) {
            JsonNode values = at.node().get("enum");
            if (values == null || !values.isArray()) {
                return;
            }
            duplicates(values, false, at.pointer() + "/enum");
            JsonNode codes = at.node().get("x-codes");
            if ((codes == null || !codes.isArray()) && "items".equals(at.via())) {
                codes = at.parent().node().get("x-codes");
            }
            if (codes == null || !codes.isArray()) {
                if (!labelledByEveryReferrer(at)) {
                    add(at.pointer(), CODES_MISSING, "The enum has no x-codes: every code needs a label.");
                }
                return;
            }
            Set<String> labelled = codeKeys(codes);
            for (int i = 0; i < values.size(); i++) {
                if (!labelled.contains(key(values.get(i)))) {
                    add(at.pointer() + "/enum/" + i, CODES_MISSING, "Code " + codeText(values.get(i))
                            + " has no label in x-codes.");
                }
            }
        }

        /** A shared code list in $defs may leave its labels to the questions that reference it. */
        private boolean labelledByEveryReferrer(At at) {
            String target = "items".equals(at.via()) ? at.parent().pointer() : at.pointer();
            List<At> refs = referrers.getOrDefault(target, List.of());
            if (refs.isEmpty()) {
                return false;
            }
            for (At ref : refs) {
                boolean labelled = ref.node().has("x-codes")
                        || ("items".equals(ref.via()) && ref.parent().node().has("x-codes"));
                if (!labelled) {
                    return false;
                }
            }
            return true;
        }

        /** x-codes must label codes of an enum: its own, its items', or (through $ref) a shared list's. */
        private void checkCodesEnum(At at) {
            JsonNode codes = at.node().get("x-codes");
            if (codes == null || !codes.isArray()) {
                return;
            }
            String pointer = at.pointer() + "/x-codes";
            duplicates(codes, true, pointer);
            JsonNode values = at.node().get("enum");
            boolean throughRef = false;
            if (values == null) {
                JsonNode items = at.node().get("items");
                if (items != null && items.isObject() && items.has("enum")) {
                    values = items.get("enum"); // a multi-select: unlabelled codes are reported at the items
                } else {
                    JsonNode target = null;
                    if (at.node().has("$ref")) {
                        target = deref(at.node());
                    } else if (items != null && items.isObject() && items.has("$ref")) {
                        target = deref(items);
                    }
                    if (target != null && target.isObject()) {
                        JsonNode targetItems = deref(target.path("items"));
                        values = target.has("enum") ? target.get("enum")
                                : targetItems == null ? targetItems : targetItems.path("enum");
                        throughRef = values != null && values.isArray();
                    }
                }
            }
            if (values == null || !values.isArray()) {
                add(pointer, CODES_EXTRA, "x-codes on a question without enum: the codes are not enforced.");
                return;
            }
            Set<String> allowed = new HashSet<>();
            for (JsonNode value : values) {
                allowed.add(key(value));
            }
            for (int i = 0; i < codes.size(); i++) {
                JsonNode code = codes.get(i).get("code");
                if (code != null && !allowed.contains(key(code))) {
                    add(pointer + "/" + i, CODES_EXTRA, "Code " + codeText(code) + " is not in the enum.");
                }
            }
            if (throughRef) {
                Set<String> labelled = codeKeys(codes);
                for (JsonNode value : values) {
                    if (!labelled.contains(key(value))) {
                        add(pointer, CODES_MISSING, "Code " + codeText(value)
                                + " of the referenced enum has no label in x-codes.");
                    }
                }
            }
        }

        private void duplicates(JsonNode array, boolean codeObjects, String pointer) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = codeObjects ? array.get(i).get("code") : array.get(i);
                if (value != null && !seen.add(key(value))) {
                    add(pointer + "/" + i, CODES_DUPLICATE, "Code " + codeText(value) + " appears twice in "
                            + (codeObjects ? "x-codes" : "the enum") + ".");
                }
            }
        }

        private static Set<String> codeKeys(JsonNode codes) {
            Set<String> keys = new HashSet<>();
            for (JsonNode entry : codes) {
                JsonNode code = entry.get("code");
                if (code != null) {
                    keys.add(key(code));
                }
            }
            return keys;
        }

        // ---- levels ----

        private void checkLevel(At at) {
            JsonNode node = at.node();
            JsonNode items = node.get("items");
            if (items == null || node.has("x-level")) {
                return;
            }
            JsonNode type = node.get("type");
            if (type != null && !hasType(type, "array")) {
                return;
            }
            JsonNode resolved = deref(items);
            if (resolved != null && resolved.isObject()
                    && (hasType(resolved.get("type"), "object") || resolved.has("properties"))) {
                add(at.pointer(), LEVEL_MISSING, "An array of objects needs an x-level (its export level, e.g. "
                        + "person).");
            }
        }

        // ---- skip logic ----

        private void checkSkipLogic(At at) {
            JsonNode node = at.node();
            Set<String> names = new HashSet<>();
            addNames(names, node.get("properties"));
            JsonNode target = deref(node);
            if (target != null && target != node) {
                addNames(names, target.get("properties"));
            }
            String pointer = at.pointer();
            checkDependencies(node, names, pointer);
            for (String keyword : List.of("if", "then", "else", "not")) {
                if (node.has(keyword)) {
                    checkRule(node.get(keyword), names, pointer + "/" + keyword);
                }
            }
            for (String keyword : List.of("allOf", "anyOf", "oneOf")) {
                JsonNode branches = node.get(keyword);
                if (branches != null && branches.isArray()) {
                    for (int i = 0; i < branches.size(); i++) {
                        checkRule(branches.get(i), names, pointer + "/" + keyword + "/" + i);
                    }
                }
            }
        }

        private static void addNames(Set<String> names, JsonNode properties) {
            if (properties != null && properties.isObject()) {
                properties.fieldNames().forEachRemaining(names::add);
            }
        }

        /** Checks every name one rule mentions, through nested conditions of the same object. */
        private void checkRule(JsonNode rule, Set<String> names, String pointer) {
            if (!rule.isObject()) {
                return;
            }
            JsonNode properties = rule.get("properties");
            if (properties != null && properties.isObject()) {
                for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    if (!names.contains(name)) {
                        unknown(Json.append(pointer + "/properties", name), name);
                    }
                }
            }
            JsonNode required = rule.get("required");
            if (required != null && required.isArray()) {
                for (int i = 0; i < required.size(); i++) {
                    String name = required.get(i).asText();
                    if (!names.contains(name)) {
                        unknown(pointer + "/required/" + i, name);
                    }
                }
            }
            checkDependencies(rule, names, pointer);
            for (String keyword : List.of("if", "then", "else", "not")) {
                if (rule.has(keyword)) {
                    checkRule(rule.get(keyword), names, pointer + "/" + keyword);
                }
            }
            for (String keyword : List.of("allOf", "anyOf", "oneOf")) {
                JsonNode branches = rule.get(keyword);
                if (branches != null && branches.isArray()) {
                    for (int i = 0; i < branches.size(); i++) {
                        checkRule(branches.get(i), names, pointer + "/" + keyword + "/" + i);
                    }
                }
            }
        }

        private void checkDependencies(JsonNode node, Set<String> names, String pointer) {
            JsonNode dependentRequired = node.get("dependentRequired");
            if (dependentRequired != null && dependentRequired.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = dependentRequired.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    String base = Json.append(pointer + "/dependentRequired", entry.getKey());
                    if (!names.contains(entry.getKey())) {
                        unknown(base, entry.getKey());
                    }
                    if (entry.getValue().isArray()) {
                        for (int i = 0; i < entry.getValue().size(); i++) {
                            String name = entry.getValue().get(i).asText();
                            if (!names.contains(name)) {
                                unknown(base + "/" + i, name);
                            }
                        }
                    }
                }
            }
            JsonNode dependentSchemas = node.get("dependentSchemas");
            if (dependentSchemas != null && dependentSchemas.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = dependentSchemas.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    String base = Json.append(pointer + "/dependentSchemas", entry.getKey());
                    if (!names.contains(entry.getKey())) {
                        unknown(base, entry.getKey());
                    }
                    checkRule(entry.getValue(), names, base);
                }
            }
        }

        private void unknown(String pointer, String name) {
            add(pointer, SKIP_UNKNOWN_QUESTION, "Skip logic names '" + name
                    + "', which is not a question of this object's properties.");
        }

        // ---- helpers ----

        /** Follows local $refs (at most 16 hops); returns the node itself if it has none, null if one is broken. */
        private JsonNode deref(JsonNode node) {
            JsonNode current = node;
            for (int hops = 0; hops < 16; hops++) {
                if (current == null || !current.isObject()) {
                    return current;
                }
                JsonNode ref = current.get("$ref");
                if (ref == null || !ref.isTextual()) {
                    return current;
                }
                current = Json.resolveLocalRef(root, ref.textValue());
            }
            return null;
        }
    }

    static boolean hasType(JsonNode type, String name) {
        if (type == null) {
            return false;
        }
        if (type.isTextual()) {
            return type.textValue().equals(name);
        }
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (name.equals(t.asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The identity of a code: numbers compare by value (1 and 1.0 are the same code), strings by text. */
    static String key(JsonNode value) {
        if (value.isNumber()) {
            return "n:" + value.decimalValue().stripTrailingZeros().toPlainString();
        }
        if (value.isTextual()) {
            return "s:" + value.textValue();
        }
        return "j:" + value;
    }

    static String codeText(JsonNode code) {
        if (code == null) {
            return "?";
        }
        return code.isTextual() ? "'" + code.textValue() + "'" : code.toString();
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String capitalise(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
