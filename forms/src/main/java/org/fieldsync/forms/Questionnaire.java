package org.fieldsync.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One version of a questionnaire: a JSON Schema 2020-12 document with fieldsync's annotations (see
 * {@code docs/questionnaires.md}), parsed, linted and compiled once.
 *
 * <p>Instances are immutable and thread-safe: one instance can validate interviews from any number of threads.
 * The compiled validator, the question list and the location-to-question index are built by {@link #parse} and
 * reused by every {@link #validate} call.
 */
public final class Questionnaire {
    private final String formId;
    private final int version;
    private final String kind;
    private final String unit;
    private final List<String> languages;
    private final Map<String, String> title;
    private final List<Section> sections;
    private final byte[] canonicalJson;
    private final String sha256;
    private final QuestionCatalog catalog;
    private final JsonSchema schema;
    private final QuickCheck quick;

    private Questionnaire(JsonNode document, JsonSchema schema) {
        JsonNode form = document.get("x-form");
        this.formId = form.get("id").textValue();
        this.version = form.get("version").intValue();
        this.kind = form.get("kind").textValue();
        this.unit = form.get("unit").textValue();
        List<String> langs = new ArrayList<>();
        form.get("languages").forEach(l -> langs.add(l.textValue()));
        this.languages = List.copyOf(langs);
        this.title = Maps.ordered(QuestionCatalog.labels(form.get("title")));
        List<Section> list = new ArrayList<>();
        for (JsonNode section : form.get("sections")) {
            list.add(new Section(section.get("id").textValue(), QuestionCatalog.labels(section.get("label"))));
        }
        this.sections = List.copyOf(list);
        this.canonicalJson = CanonicalJson.of(document);
        this.sha256 = CanonicalJson.sha256Hex(canonicalJson);
        this.catalog = new QuestionCatalog(document, sections);
        this.schema = schema;
        this.quick = QuickCheck.compile(document).orElse(null);
    }

    /**
     * Parses a questionnaire document, lints it and compiles its validator.
     *
     * @param json the document's bytes (UTF-8 JSON)
     * @return the questionnaire
     * @throws FormsException {@link FormsException.Code#NOT_JSON} if the bytes are not one JSON value (its
     *                        problems hold one {@code lint.not-json} problem); {@link FormsException.Code#LINT_FAILED}
     *                        with every problem if {@link QuestionnaireLinter} reports anything
     */
    public static Questionnaire parse(byte[] json) {
        JsonNode document;
        try {
            document = Json.read(json);
        } catch (Json.NotJsonException e) {
            LintProblem problem = QuestionnaireLinter.notJson(e);
            throw new FormsException(FormsException.Code.NOT_JSON, problem.message(), List.of(problem));
        }
        QuestionnaireLinter.Outcome outcome = QuestionnaireLinter.lintDocument(document);
        if (!outcome.problems().isEmpty()) {
            throw new FormsException(FormsException.Code.LINT_FAILED, "The questionnaire has "
                    + outcome.problems().size() + " lint problem(s); the first: "
                    + outcome.problems().get(0).pointer() + " " + outcome.problems().get(0).message(),
                    outcome.problems());
        }
        return new Questionnaire(document, outcome.schema());
    }

    /** @return {@code x-form.id}, the identifier all versions of this questionnaire share */
    public String formId() {
        return formId;
    }

    /** @return {@code x-form.version}, at least 1 */
    public int version() {
        return version;
    }

    /** @return {@code x-form.kind}: {@code interview} or {@code listing} */
    public String kind() {
        return kind;
    }

    /** @return {@code x-form.unit}: {@code household} or {@code individual} */
    public String unit() {
        return unit;
    }

    /** @return the declared languages, at least one; the first is the default. Unmodifiable. */
    public List<String> languages() {
        return languages;
    }

    /** @return the title per language, in document order. Unmodifiable. */
    public Map<String, String> title() {
        return title;
    }

    /** @return the sections in display order. Unmodifiable. */
    public List<Section> sections() {
        return sections;
    }

    /**
     * @return the canonical form of the document: UTF-8, object members sorted by name at every depth, no
     *         insignificant white space. A fresh copy on every call.
     */
    public byte[] canonicalJson() {
        return canonicalJson.clone();
    }

    /**
     * @return the lowercase hex SHA-256 of {@link #canonicalJson()}: the version's content identity, the same for
     *         documents that differ only in formatting or member order
     */
    public String sha256() {
        return sha256;
    }

    /**
     * @return every question, flattened: by section in {@code x-form.sections} order, within a section by
     *         {@code x-order} then declaration order, each question followed by the questions nested in it.
     *         Unmodifiable.
     */
    public List<Question> questions() {
        return catalog.questions();
    }

    /**
     * @param path a question path such as {@code /roster/*}{@code /age}
     * @return the question, or empty if there is none at that path (or {@code path} is null)
     */
    public Optional<Question> question(String path) {
        return path == null ? Optional.empty() : Optional.ofNullable(catalog.byPath(path));
    }

    /** @return whether the question's name is in its object's {@code required} list (skip logic aside) */
    boolean isRequired(String path) {
        return catalog.isRequired(path);
    }

    /**
     * Validates an interview given as bytes. See {@link #validate(JsonNode, String)}.
     *
     * @param answersJson the interview's answers (UTF-8 JSON)
     * @param language    the language for labels; {@code null} or undeclared means the default language
     * @return every error, located at the answers
     * @throws FormsException {@link FormsException.Code#NOT_JSON} (with no problems) if the bytes are not one JSON
     *                        value or repeat an object member
     */
    public ValidationResult validate(byte[] answersJson, String language) {
        return validate(parseAnswers(answersJson), language);
    }

    /**
     * Parses an interview's answers as {@link #validate(byte[], String)} does, strictly: one JSON value, no repeated
     * object member. Parse once with this and validate the tree when the answers are also read otherwise.
     *
     * @param answersJson the interview's answers (UTF-8 JSON)
     * @return the answers
     * @throws FormsException {@link FormsException.Code#NOT_JSON} (with no problems) if the bytes are not one JSON
     *                        value or repeat an object member
     */
    public static JsonNode parseAnswers(byte[] answersJson) {
        try {
            return Json.read(answersJson);
        } catch (Json.NotJsonException e) {
            throw new FormsException(FormsException.Code.NOT_JSON, "The answers are not JSON: " + e.getMessage()
                    + ".", List.of());
        }
    }

    /**
     * A parser over an interview's answers with the settings of {@link #parseAnswers} (for a tree read from it), for
     * a caller that reads answers already accepted as they come, e.g. {@code Flattener}'s streaming export.
     *
     * @param answersJson the interview's answers (UTF-8 JSON)
     * @return a parser before the first token; the caller closes it
     */
    public static com.fasterxml.jackson.core.JsonParser answersParser(byte[] answersJson) {
        try {
            return Json.MAPPER.createParser(answersJson);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // from memory: does not happen
        }
    }

    /**
     * Validates an interview against this questionnaire, skip logic included, and reports all errors, never just
     * the first. Each error is located at the answer it concerns (a missing required answer at the pointer where
     * it belongs, an answer skip logic forbids at that answer, an unknown member at that member) with its question
     * path and label; see {@link AnswerError}.
     *
     * @param answers  the interview's answers (a JSON object for a valid interview; any other value gives a
     *                 {@code type} error at {@code ""})
     * @param language the language for labels; {@code null} or undeclared means the default language
     * @return the errors, deduplicated and ordered by pointer; {@link ValidationResult#valid()} if there are none
     * @throws NullPointerException if {@code answers} is null
     */
    public ValidationResult validate(JsonNode answers, String language) {
        Objects.requireNonNull(answers, "answers");
        if (quick != null && quick.test(answers) == QuickCheck.Verdict.VALID) {
            return ValidationResult.VALID; // certainly valid: the full validator would find nothing
        }
        Set<ValidationMessage> messages = schema.validate(answers);
        if (messages.isEmpty()) {
            return ValidationResult.VALID;
        }
        String lang = language != null && languages.contains(language) ? language : languages.get(0);
        return AnswerLocator.locate(messages, catalog, lang);
    }

    /** @return {@code formId/version (sha256 prefix)}, for logs */
    @Override
    public String toString() {
        return formId + "/" + version + " (" + sha256.substring(0, 12) + ")";
    }
}
