package org.fieldsync.forms.export;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes CSV as RFC 4180 describes it: fields separated by commas, records ended by CRLF, a field enclosed in
 * double quotes only when it holds a comma, a double quote, CR or LF, a double quote inside such a field doubled.
 * A null field is written empty, like an empty string (the export writes missing values so).
 *
 * <p>The encoding is the given {@link Writer}'s; {@link #utf8(OutputStream)} makes a UTF-8 one, without a byte
 * order mark. Output is buffered; {@link #flush()} and {@link #close()} push it through. Not thread-safe.
 * I/O errors are rethrown as {@link UncheckedIOException}.
 */
public final class CsvWriter implements Closeable, Flushable {
    private final Writer out;
    private boolean rowStarted;
    private long rows;

    /** @param out where to write; wrapped in a {@link BufferedWriter} unless it is one */
    public CsvWriter(Writer out) {
        this.out = out instanceof BufferedWriter ? out : new BufferedWriter(out, 1 << 16);
    }

    /** @return a writer of UTF-8 CSV to the stream (which {@link #close()} closes) */
    public static CsvWriter utf8(OutputStream out) {
        return new CsvWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    /**
     * Writes one record.
     *
     * @param fields the fields; a null field is written empty
     */
    public void writeRow(List<String> fields) {
        for (String field : fields) {
            cell(field);
        }
        endRow();
    }

    /** Writes one record. See {@link #writeRow(List)}. */
    public void writeRow(String... fields) {
        writeRow(Arrays.asList(fields));
    }

    /**
     * Appends a field to the current record (starting one if needed); {@link #endRow()} ends it.
     *
     * @param value the field; null is written empty
     * @return this writer
     */
    public CsvWriter cell(String value) {
        try {
            if (rowStarted) {
                out.write(',');
            }
            rowStarted = true;
            if (value == null || value.isEmpty()) {
                return this;
            }
            if (needsQuotes(value)) {
                out.write('"');
                int from = 0;
                for (int i = value.indexOf('"'); i >= 0; i = value.indexOf('"', i + 1)) {
                    out.write(value, from, i + 1 - from);
                    out.write('"');
                    from = i + 1;
                }
                out.write(value, from, value.length() - from);
                out.write('"');
            } else {
                out.write(value);
            }
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A field as {@link #cell(String)} writes it, without the comma before it: enclosed in double quotes (inner ones
     * doubled) when it holds a comma, a double quote, CR or LF, else as it is.
     *
     * @param value the field; null gives an empty string
     * @return the field's text
     */
    public static String field(String value) {
        if (value == null || !needsQuotes(value)) {
            return value == null ? "" : value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** Ends the current record with CRLF (an empty record if no field was written since the last one). */
    public void endRow() {
        try {
            out.write("\r\n");
            rowStarted = false;
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the number of records written so far, the header included */
    public long rows() {
        return rows;
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes and closes the underlying writer. */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }
}
