package org.fieldsync.forms;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A questionnaire's schema compiled to plain checks that decide quickly whether an interview is valid, so that the
 * common case, valid answers, costs one walk of the answers. On the server it took validation from a sixth of the
 * CPU an upload costs to a small fraction (docs/performance.md).
 *
 * <p>It is a fast path, not a second validator. It says {@link Verdict#VALID} only when every keyword it evaluated
 * decided for certain, and the full validator (networknt) still runs on every interview that is not certainly valid
 * and produces its errors. Where its semantics could differ from the full validator's at an edge it says
 * {@link Verdict#UNSURE}: a number written with a fraction where an integer or a constant is asked, a number equal to
 * a bound or beyond 2^53, a format other than {@code date}, objects or arrays compared by {@code const} or
 * {@code enum}. A schema with a keyword outside the supported set compiles to nothing ({@link #compile} returns
 * empty), and all its interviews go to the full validator.
 *
 * <p>Instances are immutable and thread-safe.
 */
final class QuickCheck {
    /** The outcome of a check. */
    enum Verdict {
        VALID, INVALID, UNSURE;

        static Verdict of(boolean valid) {
            return valid ? VALID : INVALID;
        }

        /** Both: invalid if either is certainly invalid, valid only if both are certainly valid. */
        Verdict and(Verdict other) {
            if (this == INVALID || other == INVALID) {
                return INVALID;
            }
            return this == UNSURE || other == UNSURE ? UNSURE : VALID;
        }

        Verdict not() {
            return this == VALID ? INVALID : this == INVALID ? VALID : UNSURE;
        }
    }

    @FunctionalInterface
    private interface Check {
        Verdict test(JsonNode instance);
    }

    /** Keywords that assert nothing: annotations, and {@code $defs}, whose schemas are compiled when referenced. */
    private static final Set<String> IGNORED = Set.of("$schema", "$comment", "$defs", "definitions", "title",
            "description", "default", "examples", "deprecated", "readOnly", "writeOnly");

    private static final long EXACT_IN_DOUBLE = 1L << 53;

    private final Check root;

    private QuickCheck(Check root) {
        this.root = root;
    }

    /**
     * Compiles a questionnaire document.
     *
     * @param document the schema (a linted questionnaire)
     * @return the check, or empty if the schema uses a keyword (or a form of one) this class does not decide
     */
    static Optional<QuickCheck> compile(JsonNode document) {
        try {
            return Optional.of(new QuickCheck(new Compiler(document).schema(document, true)));
        } catch (Unsupported e) {
            return Optional.empty();
        }
    }

    /** @return the verdict on the answers: {@link Verdict#VALID} only if they are certainly valid */
    Verdict test(JsonNode answers) {
        return root.test(answers);
    }

    private static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    /** Compiles one document; {@code $ref} targets are compiled once each, when first referenced. */
    private static final class Compiler {
        private final JsonNode document;
        private final Map<String, Check[]> refs = new HashMap<>();

        Compiler(JsonNode document) {
            this.document = document;
        }

        Check schema(JsonNode schema, boolean isRoot) {
            if (schema.isBoolean()) {
                Verdict fixed = Verdict.of(schema.booleanValue());
                return instance -> fixed;
            }
            if (!schema.isObject()) {
                throw new Unsupported("a schema that is neither an object nor a boolean");
            }
            List<Check> checks = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String keyword = field.getKey();
                if (keyword.startsWith("x-") || IGNORED.contains(keyword) || keyword.equals("$id") && isRoot
                        || keyword.equals("then") || keyword.equals("else")) {
                    continue; // then and else are compiled with their if
                }
                checks.add(keyword(keyword, field.getValue(), schema));
            }
            return all(checks);
        }

        private Check keyword(String keyword, JsonNode value, JsonNode schema) {
            switch (keyword) {
                case "type":
                    return type(value);
                case "enum":
                    return anyEqual(value);
                case "const":
                    return instance -> same(value, instance);
                case "minimum":
                    return bound(value, false, 1);
                case "exclusiveMinimum":
                    return bound(value, true, 1);
                case "maximum":
                    return bound(value, false, -1);
                case "exclusiveMaximum":
                    return bound(value, true, -1);
                case "minLength":
                    return length(count(value), true);
                case "maxLength":
                    return length(count(value), false);
                case "pattern":
                    Pattern pattern = pattern(value);
                    return instance -> !instance.isTextual() ? Verdict.VALID
                            : Verdict.of(pattern.matcher(instance.textValue()).find());
                case "format":
                    return format(value.textValue());
                case "required":
                    return required(value);
                case "properties":
                    return properties(value);
                case "additionalProperties":
                    return additionalProperties(value, schema.path("properties"));
                case "minProperties":
                    int minProperties = count(value);
                    return instance -> !instance.isObject() ? Verdict.VALID
                            : Verdict.of(instance.size() >= minProperties);
                case "maxProperties":
                    int maxProperties = count(value);
                    return instance -> !instance.isObject() ? Verdict.VALID
                            : Verdict.of(instance.size() <= maxProperties);
                case "dependentRequired":
                    return dependentRequired(value);
                case "items":
                    return items(value);
                case "minItems":
                    int minItems = count(value);
                    return instance -> !instance.isArray() ? Verdict.VALID : Verdict.of(instance.size() >= minItems);
                case "maxItems":
                    int maxItems = count(value);
                    return instance -> !instance.isArray() ? Verdict.VALID : Verdict.of(instance.size() <= maxItems);
                case "uniqueItems":
                    return value.booleanValue() ? QuickCheck::uniqueItems : instance -> Verdict.VALID;
                case "contains":
                    return contains(schema(value, false));
                case "allOf":
                    return all(subschemas(value));
                case "anyOf":
                    return anyOf(subschemas(value));
                case "oneOf":
                    return oneOf(subschemas(value));
                case "not":
                    Check negated = schema(value, false);
                    return instance -> negated.test(instance).not();
                case "if":
                    return conditional(schema(value, false), branch(schema.get("then")), branch(schema.get("else")));
                case "$ref":
                    return ref(value.textValue());
                default:
                    throw new Unsupported(keyword);
            }
        }

        private Check branch(JsonNode schema) {
            return schema == null ? instance -> Verdict.VALID : schema(schema, false);
        }

        private List<Check> subschemas(JsonNode array) {
            if (!array.isArray()) {
                throw new Unsupported("a subschema list that is not an array");
            }
            List<Check> checks = new ArrayList<>();
            array.forEach(s -> checks.add(schema(s, false)));
            return checks;
        }

        private Check ref(String ref) {
            String pointer = Json.localRefPointer(ref);
            if (pointer == null) {
                throw new Unsupported("$ref " + ref);
            }
            Check[] target = refs.get(pointer);
            if (target == null) {
                target = new Check[1];
                refs.put(pointer, target); // before compiling, so that a recursive reference finds it
                JsonNode schema = document.at(pointer);
                if (schema.isMissingNode()) {
                    throw new Unsupported("$ref " + ref);
                }
                target[0] = schema(schema, pointer.isEmpty());
            }
            Check[] resolved = target;
            return instance -> resolved[0].test(instance);
        }

        private Check properties(JsonNode properties) {
            Map<String, Check> checks = new HashMap<>();
            properties.fields().forEachRemaining(p -> checks.put(p.getKey(), schema(p.getValue(), false)));
            String[] names = checks.keySet().toArray(new String[0]);
            Check[] byName = new Check[names.length];
            for (int i = 0; i < names.length; i++) {
                byName[i] = checks.get(names[i]);
            }
            return instance -> {
                if (!instance.isObject()) {
                    return Verdict.VALID;
                }
                Verdict verdict = Verdict.VALID;
                if (names.length <= instance.size()) { // skip logic's conditions name one or two answers
                    for (int i = 0; i < names.length && verdict != Verdict.INVALID; i++) {
                        JsonNode answer = instance.get(names[i]);
                        if (answer != null) {
                            verdict = verdict.and(byName[i].test(answer));
                        }
                    }
                    return verdict;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = instance.fields(); it.hasNext()
                        && verdict != Verdict.INVALID; ) {
                    Map.Entry<String, JsonNode> member = it.next();
                    Check check = checks.get(member.getKey());
                    if (check != null) {
                        verdict = verdict.and(check.test(member.getValue()));
                    }
                }
                return verdict;
            };
        }

        private Check additionalProperties(JsonNode additional, JsonNode properties) {
            Set<String> declared = new HashSet<>();
            properties.fieldNames().forEachRemaining(declared::add);
            Check check = schema(additional, false);
            return instance -> {
                if (!instance.isObject()) {
                    return Verdict.VALID;
                }
                Verdict verdict = Verdict.VALID;
                for (Iterator<Map.Entry<String, JsonNode>> it = instance.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> member = it.next();
                    if (!declared.contains(member.getKey())) {
                        verdict = verdict.and(check.test(member.getValue()));
                        if (verdict == Verdict.INVALID) {
                            return verdict;
                        }
                    }
                }
                return verdict;
            };
        }

        private Check items(JsonNode items) {
            if (items.isArray()) {
                throw new Unsupported("items as an array");
            }
            Check check = schema(items, false);
            return instance -> !instance.isArray() ? Verdict.VALID : every(instance, check::test);
        }
    }

    // ---- the checks, each with the semantics of JSON Schema 2020-12 (and UNSURE at the edges named above)

    private static Check all(List<Check> checks) {
        if (checks.size() == 1) {
            return checks.get(0);
        }
        return instance -> every(checks, check -> check.test(instance));
    }

    /** Every one: invalid at the first that certainly is not, valid if all certainly are, else unsure. */
    private static <T> Verdict every(Iterable<T> items, Function<T, Verdict> test) {
        Verdict verdict = Verdict.VALID;
        for (T item : items) {
            verdict = verdict.and(test.apply(item));
            if (verdict == Verdict.INVALID) {
                return verdict;
            }
        }
        return verdict;
    }

    private static Check anyOf(List<Check> checks) {
        return instance -> any(checks, check -> check.test(instance));
    }

    /** At least one: valid if one certainly is, invalid if every one certainly is not, else unsure. */
    private static <T> Verdict any(Iterable<T> items, Function<T, Verdict> test) {
        boolean unsure = false;
        for (T item : items) {
            Verdict v = test.apply(item);
            if (v == Verdict.VALID) {
                return v;
            }
            unsure |= v == Verdict.UNSURE;
        }
        return unsure ? Verdict.UNSURE : Verdict.INVALID;
    }

    private static Check oneOf(List<Check> checks) {
        return instance -> {
            int valid = 0;
            for (Check check : checks) {
                Verdict v = check.test(instance);
                if (v == Verdict.UNSURE) {
                    return v;
                }
                valid += v == Verdict.VALID ? 1 : 0;
            }
            return Verdict.of(valid == 1);
        };
    }

    private static Check conditional(Check condition, Check then, Check otherwise) {
        return instance -> {
            Verdict c = condition.test(instance);
            if (c == Verdict.UNSURE) {
                return Verdict.UNSURE;
            }
            return (c == Verdict.VALID ? then : otherwise).test(instance);
        };
    }

    private static Check contains(Check check) {
        return instance -> !instance.isArray() ? Verdict.VALID : any(instance, check::test);
    }

    private static Check type(JsonNode type) {
        if (type.isTextual()) {
            String name = type.textValue();
            checkTypeName(name);
            return instance -> isType(instance, name);
        }
        if (!type.isArray()) {
            throw new Unsupported("type that is neither a name nor an array");
        }
        List<String> names = new ArrayList<>();
        type.forEach(t -> {
            checkTypeName(t.textValue());
            names.add(t.textValue());
        });
        return instance -> any(names, name -> isType(instance, name));
    }

    private static void checkTypeName(String name) {
        if (!Set.of("object", "array", "string", "number", "integer", "boolean", "null").contains(name)) {
            throw new Unsupported("type " + name);
        }
    }

    private static Verdict isType(JsonNode instance, String type) {
        switch (type) {
            case "object":
                return Verdict.of(instance.isObject());
            case "array":
                return Verdict.of(instance.isArray());
            case "string":
                return Verdict.of(instance.isTextual());
            case "number":
                return Verdict.of(instance.isNumber());
            case "boolean":
                return Verdict.of(instance.isBoolean());
            case "null":
                return Verdict.of(instance.isNull());
            default: // integer; 2.0 is an integer in 2020-12: left to the full validator
                if (instance.isIntegralNumber()) {
                    return Verdict.VALID;
                }
                return instance.isNumber() && instance.canConvertToExactIntegral() ? Verdict.UNSURE : Verdict.INVALID;
        }
    }

    private static Check anyEqual(JsonNode values) {
        if (!values.isArray()) {
            throw new Unsupported("enum that is not an array");
        }
        Set<String> strings = new HashSet<>();
        Set<Long> integers = new HashSet<>();
        List<JsonNode> others = new ArrayList<>();
        values.forEach(v -> {
            if (v.isTextual()) {
                strings.add(v.textValue());
            } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                integers.add(v.longValue());
            } else {
                others.add(v);
            }
        });
        return instance -> {
            if (instance.isTextual() && strings.contains(instance.textValue())
                    || instance.isIntegralNumber() && instance.canConvertToLong()
                    && integers.contains(instance.longValue())) {
                return Verdict.VALID;
            }
            boolean unsure = false;
            for (JsonNode candidate : others) {
                Verdict v = same(candidate, instance);
                if (v == Verdict.VALID) {
                    return v;
                }
                unsure |= v == Verdict.UNSURE;
            }
            if (instance.isNumber() && !instance.isIntegralNumber() && !integers.isEmpty()) {
                unsure = true; // 1.0 equals 1 in JSON Schema
            }
            return unsure ? Verdict.UNSURE : Verdict.INVALID;
        };
    }

    /** Whether two JSON values are equal: VALID if they are, INVALID if not, UNSURE for fractions and containers. */
    static Verdict same(JsonNode a, JsonNode b) {
        if (a.getNodeType() != b.getNodeType()) {
            return Verdict.INVALID; // number nodes of every width share one node type
        }
        if (a.isContainerNode()) {
            return Verdict.UNSURE;
        }
        if (a.isNumber()) {
            if (!a.isIntegralNumber() || !b.isIntegralNumber()) {
                return Verdict.UNSURE;
            }
            return a.canConvertToLong() && b.canConvertToLong() ? Verdict.of(a.longValue() == b.longValue())
                    : Verdict.of(a.bigIntegerValue().equals(b.bigIntegerValue()));
        }
        return Verdict.of(a.equals(b));
    }

    /** {@code sign} 1 for a lower bound, -1 for an upper one. */
    private static Check bound(JsonNode limit, boolean exclusive, int sign) {
        if (!limit.isNumber()) {
            throw new Unsupported("a bound that is not a number");
        }
        return instance -> {
            if (!instance.isNumber()) {
                return Verdict.VALID;
            }
            if (instance.isIntegralNumber() && limit.isIntegralNumber() && limit.canConvertToLong()) {
                if (!instance.canConvertToLong() || instance.longValue() > EXACT_IN_DOUBLE
                        || instance.longValue() < -EXACT_IN_DOUBLE) {
                    return Verdict.UNSURE;
                }
                int c = Long.compare(instance.longValue(), limit.longValue()) * sign;
                return Verdict.of(exclusive ? c > 0 : c >= 0);
            }
            int c = Double.compare(instance.doubleValue(), limit.doubleValue());
            return c == 0 || Double.isNaN(instance.doubleValue()) ? Verdict.UNSURE : Verdict.of(c * sign > 0);
        };
    }

    private static Pattern pattern(JsonNode value) {
        try {
            return Pattern.compile(value.textValue()); // as the full validator's default regular expressions
        } catch (RuntimeException e) {
            throw new Unsupported("pattern " + value);
        }
    }

    private static int count(JsonNode value) {
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0) {
            throw new Unsupported("a count that is not a small non-negative integer");
        }
        return value.intValue();
    }

    private static Check length(int limit, boolean minimum) {
        return instance -> {
            if (!instance.isTextual()) {
                return Verdict.VALID;
            }
            String s = instance.textValue();
            int length = s.codePointCount(0, s.length());
            return Verdict.of(minimum ? length >= limit : length <= limit);
        };
    }

    private static Check format(String format) {
        if (!"date".equals(format)) {
            return instance -> instance.isTextual() ? Verdict.UNSURE : Verdict.VALID;
        }
        return instance -> {
            if (!instance.isTextual()) {
                return Verdict.VALID;
            }
            try {
                int year = LocalDate.parse(instance.textValue()).getYear();
                return Verdict.of(0 <= year && year <= 9999);
            } catch (DateTimeParseException e) {
                return Verdict.INVALID;
            }
        };
    }

    private static Check required(JsonNode names) {
        List<String> list = names(names);
        return instance -> {
            if (!instance.isObject()) {
                return Verdict.VALID;
            }
            for (String name : list) {
                if (!instance.has(name)) {
                    return Verdict.INVALID;
                }
            }
            return Verdict.VALID;
        };
    }

    private static Check dependentRequired(JsonNode dependencies) {
        Map<String, List<String>> map = new HashMap<>();
        dependencies.fields().forEachRemaining(d -> map.put(d.getKey(), names(d.getValue())));
        return instance -> {
            if (!instance.isObject()) {
                return Verdict.VALID;
            }
            for (Map.Entry<String, List<String>> d : map.entrySet()) {
                if (instance.has(d.getKey())) {
                    for (String name : d.getValue()) {
                        if (!instance.has(name)) {
                            return Verdict.INVALID;
                        }
                    }
                }
            }
            return Verdict.VALID;
        };
    }

    private static List<String> names(JsonNode array) {
        if (!array.isArray()) {
            throw new Unsupported("a list of names that is not an array");
        }
        List<String> list = new ArrayList<>();
        array.forEach(n -> {
            if (!n.isTextual()) {
                throw new Unsupported("a name that is not a string");
            }
            list.add(n.textValue());
        });
        return list;
    }

    /** As the full validator decides it: no two items equal as Jackson trees. */
    private static Verdict uniqueItems(JsonNode instance) {
        if (!instance.isArray()) {
            return Verdict.VALID;
        }
        Set<JsonNode> seen = new HashSet<>();
        for (JsonNode item : instance) {
            if (!seen.add(item)) {
                return Verdict.INVALID;
            }
        }
        return Verdict.VALID;
    }
}
