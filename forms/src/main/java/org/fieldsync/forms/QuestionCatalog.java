package org.fieldsync.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The questions of one questionnaire, computed once: the flattened list in display order, a map by path, which
 * questions are unconditionally required, and a trie from interview locations to questions used to label
 * validation errors without building strings.
 *
 * <p>Questions are found by following the schema from the root as an interview is shaped: the members of
 * {@code properties} (merged with those of local {@code $ref} targets), then {@code items} (path token {@code *})
 * and {@code prefixItems} (path token: the index). A reference that would recurse into itself is not followed
 * again. Skip-logic subschemas ({@code if}, {@code allOf}, ...) declare no questions.
 */
final class QuestionCatalog {
    /** A node of the location trie; its children are keyed by escaped pointer token, {@code *} for array items. */
    static final class Node {
        private final Map<String, Node> children = new HashMap<>(8);
        private Question question;

        private Node child(String token) {
            return children.computeIfAbsent(token, t -> new Node());
        }
    }

    /** A question while the catalog is built: its sort key and nested questions. */
    private static final class Draft {
        final Question question;
        final int order;
        final int declaration;
        final List<Draft> children = new ArrayList<>();

        Draft(Question question, int order, int declaration) {
            this.question = question;
            this.order = order;
            this.declaration = declaration;
        }
    }

    private static final Comparator<Draft> DISPLAY_ORDER =
            Comparator.<Draft>comparingInt(d -> d.order).thenComparingInt(d -> d.declaration);

    private final JsonNode root;
    private final Node trie = new Node();
    private final List<Question> questions;
    private final Map<String, Question> byPath = new HashMap<>();
    private final Set<String> required = new HashSet<>();
    private int declarations;

    QuestionCatalog(JsonNode root, List<Section> sections) {
        this.root = root;
        List<Draft> top = new ArrayList<>();
        collect(root, "", "", trie, top, new ArrayDeque<>());
        this.questions = List.copyOf(flatten(top, sections));
        for (Question question : questions) {
            byPath.put(question.path(), question);
        }
    }

    List<Question> questions() {
        return questions;
    }

    Question byPath(String path) {
        return byPath.get(path);
    }

    boolean isRequired(String path) {
        return required.contains(path);
    }

    /**
     * The question an interview location belongs to.
     *
     * @param location a location reported by the validator
     * @param member   a member name to step into after the location (the missing or unknown member), or null
     * @return the question; for an array item that is not itself a question, the array's question; null if the
     *         location is not a question (an unknown member, the interview as a whole)
     */
    Question lookup(JsonNodePath location, String member) {
        Node node = trie;
        Node parent = null;
        boolean item = false;
        int count = location.getNameCount();
        for (int i = 0; i <= count; i++) {
            Object element;
            if (i < count) {
                element = location.getElement(i);
            } else if (member != null) {
                element = member;
            } else {
                break;
            }
            Node next;
            if (element instanceof Integer index) {
                next = node.children.get(index.toString());
                if (next == null) {
                    next = node.children.get("*");
                }
                item = true;
            } else {
                next = node.children.get(Json.escape(String.valueOf(element)));
                item = false;
            }
            if (next == null) {
                return null;
            }
            parent = node;
            node = next;
        }
        if (node.question != null) {
            return node.question;
        }
        return item && parent != null ? parent.question : null;
    }

    // ---- building ----

    private void collect(JsonNode schema, String path, String section, Node trieNode, List<Draft> sink,
                         Deque<String> refs) {
        List<JsonNode> layers = layers(schema, refs);
        int pushed = layers.size() - 1;
        try {
            Map<String, JsonNode> members = new LinkedHashMap<>();
            Set<String> requiredNames = new HashSet<>();
            JsonNode items = null;
            JsonNode prefixItems = null;
            for (JsonNode layer : layers) {
                JsonNode properties = layer.get("properties");
                if (properties != null && properties.isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> member = it.next();
                        members.putIfAbsent(member.getKey(), member.getValue());
                    }
                }
                JsonNode requiredList = layer.get("required");
                if (requiredList != null && requiredList.isArray()) {
                    requiredList.forEach(name -> requiredNames.add(name.asText()));
                }
                if (items == null && layer.has("items")) {
                    items = layer.get("items");
                }
                if (prefixItems == null && layer.has("prefixItems")) {
                    prefixItems = layer.get("prefixItems");
                }
            }
            for (Map.Entry<String, JsonNode> member : members.entrySet()) {
                JsonNode memberSchema = member.getValue();
                if (!memberSchema.isObject() && !(memberSchema.isBoolean() && memberSchema.booleanValue())) {
                    continue;
                }
                String memberPath = Json.append(path, member.getKey());
                Draft draft = question(memberSchema, memberPath, section, refs);
                sink.add(draft);
                Node memberNode = trieNode.child(Json.escape(member.getKey()));
                memberNode.question = draft.question;
                if (requiredNames.contains(member.getKey())) {
                    required.add(memberPath);
                }
                collect(memberSchema, memberPath, draft.question.section(), memberNode, draft.children, refs);
            }
            if (items != null && items.isObject()) {
                collect(items, path + "/*", section, trieNode.child("*"), sink, refs);
            }
            if (prefixItems != null && prefixItems.isArray()) {
                for (int i = 0; i < prefixItems.size(); i++) {
                    collect(prefixItems.get(i), path + "/" + i, section, trieNode.child(Integer.toString(i)), sink,
                            refs);
                }
            }
        } finally {
            for (int i = 0; i < pushed; i++) {
                refs.pop();
            }
        }
    }

    /** The schema followed by its $ref targets; pushes each target's pointer on {@code refs} (caller pops). */
    private List<JsonNode> layers(JsonNode schema, Deque<String> refs) {
        List<JsonNode> layers = new ArrayList<>(2);
        JsonNode current = schema;
        while (current != null && current.isObject()) {
            layers.add(current);
            JsonNode ref = current.get("$ref");
            String pointer = ref == null || !ref.isTextual() ? null : Json.localRefPointer(ref.textValue());
            if (pointer == null || refs.contains(pointer)) {
                break;
            }
            refs.push(pointer);
            JsonNode target = root.at(pointer);
            current = target.isMissingNode() ? null : target;
            if (current == null || !current.isObject()) {
                refs.pop();
            }
        }
        return layers;
    }

    private Draft question(JsonNode schema, String path, String inheritedSection, Deque<String> refs) {
        List<JsonNode> layers = layers(schema, refs);
        for (int i = 1; i < layers.size(); i++) {
            refs.pop();
        }
        JsonNode label = first(layers, "x-label");
        JsonNode hint = first(layers, "x-hint");
        JsonNode section = first(layers, "x-section");
        JsonNode type = first(layers, "type");
        JsonNode identifying = first(layers, "x-identifying");
        JsonNode level = first(layers, "x-level");
        JsonNode order = first(layers, "x-order");
        Question question = new Question(
                path,
                section != null && section.isTextual() ? section.textValue() : inheritedSection,
                labels(label),
                labels(hint),
                typeName(type),
                codes(layers),
                identifying != null && identifying.asBoolean(false),
                level != null && level.isTextual() ? level.textValue() : "");
        int displayOrder = order != null && order.canConvertToInt() ? order.intValue() : Integer.MAX_VALUE;
        return new Draft(question, displayOrder, declarations++);
    }

    private static JsonNode first(List<JsonNode> layers, String keyword) {
        for (JsonNode layer : layers) {
            JsonNode value = layer.get(keyword);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** The value labels: of the question or its $ref targets, else of its items (a multi-select). */
    private List<Code> codes(List<JsonNode> layers) {
        JsonNode codes = first(layers, "x-codes");
        if (codes == null) {
            JsonNode items = first(layers, "items");
            if (items != null && items.isObject()) {
                Deque<String> none = new ArrayDeque<>();
                codes = first(layers(items, none), "x-codes");
            }
        }
        if (codes == null || !codes.isArray()) {
            return List.of();
        }
        List<Code> result = new ArrayList<>(codes.size());
        for (JsonNode entry : codes) {
            JsonNode code = entry.get("code");
            if (code != null) {
                result.add(new Code(codeValue(code), labels(entry.get("label"))));
            }
        }
        return result;
    }

    static Object codeValue(JsonNode code) {
        if (code.isIntegralNumber()) {
            return code.canConvertToInt() ? (Object) code.intValue() : (Object) code.longValue();
        }
        if (code.isNumber()) {
            return code.doubleValue();
        }
        return code.asText();
    }

    static Map<String, String> labels(JsonNode label) {
        if (label == null || !label.isObject()) {
            return Map.of();
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = label.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            result.put(entry.getKey(), entry.getValue().asText());
        }
        return result;
    }

    private static String typeName(JsonNode type) {
        if (type == null) {
            return "";
        }
        if (type.isTextual()) {
            return type.textValue();
        }
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
        }
        return "";
    }

    /**
     * Display order: sections in x-form order; within a section, questions by x-order then declaration order,
     * each followed by its nested questions. A nested question in another section than its parent is listed
     * with that section.
     */
    private static List<Question> flatten(List<Draft> top, List<Section> sections) {
        Map<String, List<Draft>> heads = new LinkedHashMap<>();
        for (Section section : sections) {
            heads.put(section.id(), new ArrayList<>());
        }
        for (Draft draft : top) {
            heads.computeIfAbsent(draft.question.section(), s -> new ArrayList<>()).add(draft);
            collectHeads(draft, heads);
        }
        List<Question> out = new ArrayList<>();
        Set<Draft> done = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (List<Draft> list : heads.values()) {
            list.sort(DISPLAY_ORDER);
            for (Draft draft : list) {
                emit(draft, out, done);
            }
        }
        return out;
    }

    private static void collectHeads(Draft parent, Map<String, List<Draft>> heads) {
        for (Draft child : parent.children) {
            if (!child.question.section().equals(parent.question.section())) {
                heads.computeIfAbsent(child.question.section(), s -> new ArrayList<>()).add(child);
            }
            collectHeads(child, heads);
        }
    }

    private static void emit(Draft draft, List<Question> out, Set<Draft> done) {
        if (!done.add(draft)) {
            return;
        }
        out.add(draft.question);
        List<Draft> children = new ArrayList<>(draft.children);
        children.sort(DISPLAY_ORDER);
        for (Draft child : children) {
            if (child.question.section().equals(draft.question.section())) {
                emit(child, out, done);
            }
        }
    }
}
