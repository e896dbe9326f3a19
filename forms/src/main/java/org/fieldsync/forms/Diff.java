package org.fieldsync.forms;

import java.util.List;

/**
 * The question-level differences between two versions of one questionnaire, as computed by
 * {@link QuestionnaireDiff#between(Questionnaire, Questionnaire)}.
 *
 * @param formId      the questionnaire id
 * @param fromVersion the older version's number
 * @param toVersion   the newer version's number
 * @param added       questions only in the newer version, in its question order
 * @param removed     questions only in the older version, in its question order
 * @param changed     questions in both whose type, codes, labels, hint, section, level, identifying flag or
 *                    requiredness changed, in the newer version's question order
 */
public record Diff(String formId, int fromVersion, int toVersion, List<DiffEntry> added, List<DiffEntry> removed,
                   List<DiffEntry> changed) {
    /** Copies the lists. */
    public Diff {
        added = added == null ? List.of() : List.copyOf(added);
        removed = removed == null ? List.of() : List.copyOf(removed);
        changed = changed == null ? List.of() : List.copyOf(changed);
    }

    /** @return {@code true} if no question was added, removed or changed */
    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }
}
