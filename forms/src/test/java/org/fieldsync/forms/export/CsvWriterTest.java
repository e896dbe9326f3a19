package org.fieldsync.forms.export;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvWriterTest {
    private static String write(String... fields) {
        StringWriter out = new StringWriter();
        try (CsvWriter csv = new CsvWriter(out)) {
            csv.writeRow(Arrays.asList(fields));
        }
        return out.toString();
    }

    @Test
    void quotesOnlyWhenNeeded() {
        assertEquals("plain,with space,,\r\n", write("plain", "with space", "", null));
        assertEquals("\"a,b\"\r\n", write("a,b"));
        assertEquals("\"say \"\"hi\"\"\"\r\n", write("say \"hi\""));
        assertEquals("\"two\nlines\",\"cr\rlf\"\r\n", write("two\nlines", "cr\rlf"));
    }

    @Test
    void fieldIsTheTextCellWrites() {
        for (String value : List.of("plain", "", "a,b", "say \"hi\"", "two\nlines", "cr\rlf", "\"", "naïve ☃")) {
            assertEquals(write(value), CsvWriter.field(value) + "\r\n", value);
        }
        assertEquals("", CsvWriter.field(null));
    }

    @Test
    void writesANullFieldEmptyFromAnArrayToo() {
        StringWriter out = new StringWriter();
        try (CsvWriter csv = new CsvWriter(out)) {
            csv.writeRow("a", null, "c");
        }
        assertEquals("a,,c\r\n", out.toString());
    }

    @Test
    void readsBackWhatItWrote() {
        List<String> fields = List.of("Fès, \"Maroc\"", "", "line\r\nbreak", "naïve ☃ 𝄞", ",", "\"");
        StringWriter out = new StringWriter();
        try (CsvWriter csv = new CsvWriter(out)) {
            csv.writeRow("a", "b", "c", "d", "e", "f");
            csv.writeRow(fields);
            assertEquals(2, csv.rows());
        }
        assertEquals(List.of(List.of("a", "b", "c", "d", "e", "f"), fields), ExportFixtures.parseCsv(out.toString()));
    }

    @Test
    void writesUtf8WithoutByteOrderMark() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CsvWriter csv = CsvWriter.utf8(bytes)) {
            csv.writeRow("Féminin");
        }
        assertArrayEquals("Féminin\r\n".getBytes(StandardCharsets.UTF_8), bytes.toByteArray());
    }
}
