package org.fieldsync.forms.export;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A side table of an export: one more CSV file, beside the levels' files, that the caller writes itself (the
 * {@link Flattener} writes levels only), such as {@code sample.csv} with one row per sampled household, respondent
 * or not, and its design variables, disposition and weights. The {@link Codebook} and the {@link ImportScripts}
 * describe and load it after the levels, its columns treated as a level's {@link ExtraColumn extra columns} are.
 * The file's header is {@link ExportSchema#columns(Table)}: the column names in order, written for instance with a
 * {@link CsvWriter}, cells as {@link VariableType} describes them.
 *
 * <p>A table's name must differ from every level name and every other table's of the schema; that is checked when
 * the {@link ExportSchema} is built.
 *
 * @param name    the table name, which is also the data set's name in the scripts: {@code [a-z][a-z0-9_]*}, at
 *                most 32 characters, not a Stata, SPSS or R reserved word
 * @param label   what the table holds, per language (may be empty)
 * @param columns its columns, in file order: at least one, names unique in the table
 */
public record Table(String name, Map<String, String> label, List<ExtraColumn> columns) {
    /**
     * Copies the label map (keeping its order) and the columns.
     *
     * @throws IllegalArgumentException if the name is not valid, there is no column or a column name is repeated
     * @throws NullPointerException     if name or columns is null, or a column is
     */
    public Table {
        if (name == null || columns == null) {
            throw new NullPointerException("name and columns are required");
        }
        Names.requireValid(name, "table");
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("table '" + name + "' has no column");
        }
        Set<String> names = new HashSet<>();
        for (ExtraColumn column : columns) {
            if (!names.add(column.name())) {
                throw new IllegalArgumentException("column '" + column.name() + "' is repeated in table '" + name
                        + "'");
            }
        }
        label = Variable.copy(label);
    }

    /** @return the file name the import scripts expect: {@code <name>.csv} */
    public String fileName() {
        return name + ".csv";
    }
}
