package org.fieldsync.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the validator's messages into errors an enumerator can act on: each one at the answer it concerns, with
 * the question's path and label.
 *
 * <p><b>Approach.</b> A JSON Schema validator reports an error at the instance location where the failing keyword
 * was evaluated (JSON Schema 2020-12 core, section 12.3, "instance location"). For most keywords ({@code type},
 * {@code maximum}, {@code enum}, ...) that is the answer itself, and for a {@code false} schema under
 * {@code properties} (a question that skip logic forbids) networknt already reports the forbidden member. But the
 * object-level keywords fail at the object that holds the answers: {@code required} and
 * {@code dependentRequired} at the object lacking a member (for household-level skip logic: the empty pointer),
 * {@code additionalProperties} and {@code unevaluatedProperties} at the object with an unknown member, {@code not}
 * at the object whose members match a forbidden combination. networknt names the member in the message: its
 * {@code property} (required, additionalProperties, unevaluatedProperties) or first argument (the missing member of
 * dependentRequired). So the error is moved one step down, to instance location + member. For {@code not}, the
 * failing subschema's {@code required} and {@code properties} name the members that must stay empty; those present
 * in the interview are the ones reported. Anything else stays at the instance location.
 *
 * <p>The located pointer is then mapped to its question by walking {@link QuestionCatalog}'s trie along the
 * location's tokens (array indexes match the item token {@code *}, or a {@code prefixItems} position), so
 * {@code /roster/2/age} finds {@code /roster/*}{@code /age} without string work. An error whose evaluation path
 * passes through {@code if}/{@code then}/{@code else}/{@code dependentRequired}/{@code dependentSchemas} is caused
 * by skip logic and its message says so. Identical errors (the same rule reached through two branches) are
 * reported once, and errors are ordered by pointer, array indexes compared as numbers.
 */
final class AnswerLocator {
    private static final Comparator<AnswerError> ORDER = Comparator
            .comparing(AnswerError::pointer, Pointers.COMPARATOR)
            .thenComparing(AnswerError::keyword)
            .thenComparing(AnswerError::message);

    private AnswerLocator() {
    }

    static ValidationResult locate(Set<ValidationMessage> messages, QuestionCatalog catalog, String language) {
        Set<AnswerError> errors = new LinkedHashSet<>();
        for (ValidationMessage message : messages) {
            locate(message, catalog, language, errors);
        }
        List<AnswerError> sorted = new ArrayList<>(errors);
        sorted.sort(ORDER);
        return new ValidationResult(sorted);
    }

    private static void locate(ValidationMessage message, QuestionCatalog catalog, String language,
                               Set<AnswerError> errors) {
        String keyword = message.getType();
        JsonNodePath location = message.getInstanceLocation();
        boolean skipLogic = causedBySkipLogic(message.getEvaluationPath());
        switch (keyword) {
            case "required" -> add(errors, catalog, language, location, message.getProperty(), keyword,
                    skipLogic ? "An answer is required by skip logic." : "An answer is required.");
            case "dependentRequired" -> {
                Object[] arguments = message.getArguments();
                String missing = arguments != null && arguments.length > 0 && arguments[0] != null
                        ? arguments[0].toString() : message.getProperty();
                add(errors, catalog, language, location, missing, keyword, "An answer is required by skip logic"
                        + " because '" + message.getProperty() + "' is answered.");
            }
            case "additionalProperties", "unevaluatedProperties" -> add(errors, catalog, language, location,
                    message.getProperty(), keyword, "'" + message.getProperty()
                            + "' is not a question of this questionnaire.");
            case "false" -> add(errors, catalog, language, location, null, keyword, skipLogic
                    ? "This question must be left empty by skip logic." : "No answer is allowed here.");
            case "not" -> {
                List<String> members = forbiddenMembers(message.getSchemaNode(), message.getInstanceNode());
                if (members.isEmpty()) {
                    add(errors, catalog, language, location, null, keyword,
                            withSkipLogic("The answers form a combination the questionnaire forbids", skipLogic));
                }
                for (String member : members) {
                    add(errors, catalog, language, location, member, keyword, skipLogic
                            ? "This question must be left empty by skip logic." : "This question must be left empty.");
                }
            }
            default -> add(errors, catalog, language, location, null, keyword,
                    withSkipLogic(describe(keyword, message), skipLogic));
        }
    }

    private static void add(Set<AnswerError> errors, QuestionCatalog catalog, String language, JsonNodePath location,
                            String member, String keyword, String text) {
        String pointer = Json.pointer(location);
        if (member != null) {
            pointer = Json.append(pointer, member);
        }
        Question question = catalog.lookup(location, member);
        errors.add(new AnswerError(pointer, question == null ? "" : question.path(),
                question == null ? "" : question.labelIn(language), keyword, text));
    }

    /** The members a failing {@code not} forbids: those it requires or constrains that the interview has. */
    private static List<String> forbiddenMembers(JsonNode schema, JsonNode instance) {
        List<String> members = new ArrayList<>();
        if (schema == null || !schema.isObject() || instance == null || !instance.isObject()) {
            return members;
        }
        JsonNode required = schema.get("required");
        if (required != null && required.isArray()) {
            for (JsonNode name : required) {
                if (instance.has(name.asText()) && !members.contains(name.asText())) {
                    members.add(name.asText());
                }
            }
        }
        JsonNode properties = schema.get("properties");
        if (properties != null && properties.isObject()) {
            for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (instance.has(name) && !members.contains(name)) {
                    members.add(name);
                }
            }
        }
        return members;
    }

    /**
     * Whether the evaluation path passes through a skip-logic keyword. Tokens that are names (the member after
     * {@code properties}, {@code $defs}, ...) are skipped, so a question called {@code then} is not mistaken
     * for the keyword.
     */
    static boolean causedBySkipLogic(JsonNodePath evaluationPath) {
        boolean name = false;
        for (int i = 0; i < evaluationPath.getNameCount(); i++) {
            Object element = evaluationPath.getElement(i);
            if (element instanceof Integer) {
                name = false;
                continue;
            }
            String token = String.valueOf(element);
            if (name) {
                name = false;
                continue;
            }
            if (Dialect.SKIP_LOGIC_KEYWORDS.contains(token)) {
                return true;
            }
            name = Dialect.SCHEMA_MAP_KEYWORDS.contains(token);
        }
        return false;
    }

    private static String withSkipLogic(String sentence, boolean skipLogic) {
        return skipLogic ? sentence + ", by skip logic." : sentence + ".";
    }

    /** A readable sentence (without final stop) for the keywords an enumerator meets most. */
    private static String describe(String keyword, ValidationMessage message) {
        JsonNode expected = message.getSchemaNode();
        JsonNode actual = message.getInstanceNode();
        String bound = expected == null ? "" : expected.isTextual() ? expected.textValue() : expected.toString();
        return switch (keyword) {
            case "type" -> "The answer must be " + typeNames(expected) + " (got " + article(typeOf(actual)) + ")";
            case "enum" -> "The answer must be one of the codes " + list(expected);
            case "const" -> "The answer must be " + bound;
            case "minimum" -> "The answer must be at least " + bound;
            case "maximum" -> "The answer must be at most " + bound;
            case "exclusiveMinimum" -> "The answer must be more than " + bound;
            case "exclusiveMaximum" -> "The answer must be less than " + bound;
            case "multipleOf" -> "The answer must be a multiple of " + bound;
            case "minLength" -> "The answer must have at least " + count(bound, "character");
            case "maxLength" -> "The answer must have at most " + count(bound, "character");
            case "pattern" -> "The answer does not have the expected form (" + bound + ")";
            case "minItems" -> "At least " + count(bound, "entry") + " " + be(bound) + " needed";
            case "maxItems" -> "At most " + count(bound, "entry") + " " + be(bound) + " allowed";
            case "uniqueItems" -> "The same entry appears more than once";
            case "minProperties" -> "At least " + count(bound, "answer") + " " + be(bound) + " needed";
            case "maxProperties" -> "At most " + count(bound, "answer") + " " + be(bound) + " allowed";
            case "format" -> "The answer is not a valid " + bound;
            default -> sentence(message.getError());
        };
    }

    /** "1 entry", "3 entries". */
    private static String count(String number, String noun) {
        if ("1".equals(number)) {
            return number + " " + noun;
        }
        return number + " " + (noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s");
    }

    private static String be(String number) {
        return "1".equals(number) ? "is" : "are";
    }

    private static String typeNames(JsonNode type) {
        if (type == null) {
            return "of another type";
        }
        if (type.isArray()) {
            List<String> names = new ArrayList<>();
            type.forEach(t -> names.add(article(t.asText())));
            return String.join(" or ", names);
        }
        return article(type.asText());
    }

    private static String typeOf(JsonNode value) {
        if (value == null || value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isIntegralNumber()) {
            return "integer";
        }
        if (value.isNumber()) {
            return "number";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return value.isArray() ? "array" : "object";
    }

    private static String article(String type) {
        return switch (type) {
            case "null" -> "null";
            case "integer", "object", "array" -> "an " + type;
            default -> "a " + type;
        };
    }

    private static String list(JsonNode values) {
        if (values == null || !values.isArray()) {
            return String.valueOf(values);
        }
        List<String> items = new ArrayList<>(values.size());
        values.forEach(v -> items.add(v.isTextual() ? v.textValue() : v.toString()));
        return String.join(", ", items);
    }

    private static String sentence(String text) {
        if (text == null || text.isEmpty()) {
            return "The answer is not valid";
        }
        String trimmed = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        return Character.toUpperCase(trimmed.charAt(0)) + trimmed.substring(1);
    }
}
