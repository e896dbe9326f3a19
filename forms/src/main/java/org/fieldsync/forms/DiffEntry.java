package org.fieldsync.forms;

import java.util.List;

/**
 * One question that differs between two versions of a questionnaire.
 *
 * @param path    the question path
 * @param label   its label in the default language of the newer version (for a removed question: of the older
 *                version, the only one that has it)
 * @param changes what changed, e.g. {@code "type integer → string"}, {@code "codes added: 7"},
 *                {@code "codes removed: 3"}, {@code "code 2 relabelled"}, {@code "label changed"},
 *                {@code "now required"}; empty for added and removed questions. Unmodifiable.
 */
public record DiffEntry(String path, String label, List<String> changes) {
    /** Copies the list. */
    public DiffEntry {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
