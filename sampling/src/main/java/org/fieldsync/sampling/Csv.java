package org.fieldsync.sampling;

import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: comma-separated fields, optional double quotes (a doubled quote inside quotes is one
 * quote; quoted fields may span lines), CRLF or LF line ends, a leading byte-order mark ignored. Rows are passed to a
 * callback with the physical line number on which they start, so problems can be reported by line. Completely empty
 * lines are skipped.
 */
public final class Csv {
    /** Receives one row; {@code fields} is reused between calls (copy it to keep it). */
    public interface RowHandler {
        /**
         * @param line   the physical line on which the row starts (1 is the first)
         * @param fields the row's fields
         */
        void row(int line, List<String> fields);
    }

    /** A problem of CSV syntax itself (an unterminated quote), reported with the line where the field started. */
    public record SyntaxProblem(int line, String message) {
    }

    private Csv() {
    }

    /**
     * Reads every row of {@code text}.
     *
     * @return syntax problems (at most one: an unterminated quoted field ends the input)
     */
    public static List<SyntaxProblem> read(String text, RowHandler handler) {
        List<SyntaxProblem> problems = new ArrayList<>();
        int n = text.length();
        int i = 0;
        if (n > 0 && text.charAt(0) == '\uFEFF') {
            i = 1;
        }
        int line = 1;
        List<String> fields = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        while (i < n) {
            int rowLine = line;
            fields.clear();
            boolean endOfRow = false;
            while (!endOfRow) {
                sb.setLength(0);
                if (i < n && text.charAt(i) == '"') {
                    int fieldLine = line;
                    i++;
                    boolean closed = false;
                    while (i < n) {
                        char c = text.charAt(i);
                        if (c == '"') {
                            if (i + 1 < n && text.charAt(i + 1) == '"') {
                                sb.append('"');
                                i += 2;
                            } else {
                                i++;
                                closed = true;
                                break;
                            }
                        } else {
                            if (c == '\n') {
                                line++;
                            }
                            sb.append(c);
                            i++;
                        }
                    }
                    if (!closed) {
                        problems.add(new SyntaxProblem(fieldLine, "quoted field is not closed before the end of the file"));
                        return problems;
                    }
                    // characters between the closing quote and the separator are kept, as most readers do
                    while (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                        sb.append(text.charAt(i++));
                    }
                } else {
                    int start = i;
                    while (i < n) {
                        char c = text.charAt(i);
                        if (c == ',' || c == '\n' || c == '\r') {
                            break;
                        }
                        i++;
                    }
                    sb.append(text, start, i);
                }
                fields.add(sb.toString());
                if (i >= n) {
                    endOfRow = true;
                } else {
                    char c = text.charAt(i);
                    if (c == ',') {
                        i++;
                    } else {
                        if (c == '\r') {
                            i++;
                            if (i < n && text.charAt(i) == '\n') {
                                i++;
                            }
                        } else {
                            i++;
                        }
                        line++;
                        endOfRow = true;
                    }
                }
            }
            if (fields.size() == 1 && fields.get(0).isEmpty()) {
                continue;
            }
            handler.row(rowLine, fields);
        }
        return problems;
    }

    /** Quotes a field for writing if it needs it. */
    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
