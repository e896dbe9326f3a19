package org.fieldsync.forms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares two versions of one questionnaire question by question, for the publish screen and the API's
 * version diff: which questions were added, removed, or changed in a way an analyst or a tablet notices.
 */
public final class QuestionnaireDiff {
    private QuestionnaireDiff() {
    }

    /**
     * Computes the differences from one version to another.
     *
     * <p>Questions are matched by path. A question present in both is reported as changed, with one readable
     * entry per change, when its type ({@code "type integer → string"}), codes ({@code "codes added: 7, 8"},
     * {@code "codes removed: 3"}, {@code "code 2 relabelled"}), label ({@code "label changed"}), hint, section,
     * export level, identifying flag or requiredness ({@code "now required"}, {@code "no longer required"})
     * changed. Requiredness is the unconditional {@code required} list; skip-logic conditions are not compared.
     *
     * @param from the older version
     * @param to   the newer version
     * @return the differences; {@link Diff#isEmpty()} if the two versions ask the same questions the same way
     * @throws IllegalArgumentException if the two are versions of different questionnaires (form ids differ)
     * @throws NullPointerException     if either is null
     */
    public static Diff between(Questionnaire from, Questionnaire to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.formId().equals(to.formId())) {
            throw new IllegalArgumentException("Cannot diff different questionnaires: " + from.formId() + " and "
                    + to.formId());
        }
        String fromLanguage = from.languages().get(0);
        String toLanguage = to.languages().get(0);
        List<DiffEntry> added = new ArrayList<>();
        List<DiffEntry> changed = new ArrayList<>();
        for (Question question : to.questions()) {
            Question before = from.question(question.path()).orElse(null);
            if (before == null) {
                added.add(new DiffEntry(question.path(), question.labelIn(toLanguage), List.of()));
                continue;
            }
            List<String> changes = changes(before, question, from.isRequired(question.path()),
                    to.isRequired(question.path()));
            if (!changes.isEmpty()) {
                changed.add(new DiffEntry(question.path(), question.labelIn(toLanguage), changes));
            }
        }
        List<DiffEntry> removed = new ArrayList<>();
        for (Question question : from.questions()) {
            if (to.question(question.path()).isEmpty()) {
                removed.add(new DiffEntry(question.path(), question.labelIn(fromLanguage), List.of()));
            }
        }
        return new Diff(to.formId(), from.version(), to.version(), added, removed, changed);
    }

    private static List<String> changes(Question before, Question after, boolean requiredBefore,
                                        boolean requiredAfter) {
        List<String> changes = new ArrayList<>();
        if (!before.type().equals(after.type())) {
            changes.add("type " + orNone(before.type()) + " → " + orNone(after.type()));
        }
        Map<String, Code> oldCodes = byCode(before.codes());
        Map<String, Code> newCodes = byCode(after.codes());
        List<String> codesAdded = new ArrayList<>();
        List<String> codesRemoved = new ArrayList<>();
        List<String> relabelled = new ArrayList<>();
        newCodes.forEach((code, entry) -> {
            Code old = oldCodes.get(code);
            if (old == null) {
                codesAdded.add(code);
            } else if (!old.label().equals(entry.label())) {
                relabelled.add(code);
            }
        });
        oldCodes.keySet().stream().filter(code -> !newCodes.containsKey(code)).forEach(codesRemoved::add);
        if (!codesAdded.isEmpty()) {
            changes.add("codes added: " + String.join(", ", codesAdded));
        }
        if (!codesRemoved.isEmpty()) {
            changes.add("codes removed: " + String.join(", ", codesRemoved));
        }
        for (String code : relabelled) {
            changes.add("code " + code + " relabelled");
        }
        if (!before.label().equals(after.label())) {
            changes.add("label changed");
        }
        if (!before.hint().equals(after.hint())) {
            changes.add("hint changed");
        }
        if (!before.section().equals(after.section())) {
            changes.add("section " + orNone(before.section()) + " → " + orNone(after.section()));
        }
        if (!before.level().equals(after.level())) {
            changes.add("level " + orNone(before.level()) + " → " + orNone(after.level()));
        }
        if (before.identifying() != after.identifying()) {
            changes.add(after.identifying() ? "now identifying" : "no longer identifying");
        }
        if (requiredBefore != requiredAfter) {
            changes.add(requiredAfter ? "now required" : "no longer required");
        }
        return changes;
    }

    private static Map<String, Code> byCode(List<Code> codes) {
        Map<String, Code> map = new LinkedHashMap<>();
        for (Code code : codes) {
            map.putIfAbsent(String.valueOf(code.code()), code);
        }
        return map;
    }

    private static String orNone(String value) {
        return value.isEmpty() ? "(none)" : value;
    }
}
