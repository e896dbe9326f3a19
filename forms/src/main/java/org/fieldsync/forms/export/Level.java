package org.fieldsync.forms.export;

import java.util.List;

/**
 * One export level: one file, one row per interview (the root) or per item of an array of objects carrying
 * {@code x-level}.
 *
 * @param name      the level name: the root's ({@code household}, or the form id for individual interviews) or
 *                  the {@code x-level}
 * @param path      the path of the level's array, e.g. {@code /roster}; {@code ""} for the root
 * @param parent    the name of the enclosing level; null for the root
 * @param keys      the key columns, in order: {@code interview_id, revision} for the root; for a nested level the
 *                  parent's keys without {@code revision}, then {@code <name>_no} (the item's 1-based index)
 * @param variables the columns from the answers, in schema order
 */
public record Level(String name, String path, String parent, List<String> keys, List<Variable> variables) {
    /** Copies the lists. */
    public Level {
        keys = List.copyOf(keys);
        variables = List.copyOf(variables);
    }

    /** @return whether this is the root level (one row per interview) */
    public boolean isRoot() {
        return parent == null;
    }

    /** @return the file name the import scripts expect: {@code <name>.csv} */
    public String fileName() {
        return name + ".csv";
    }
}
