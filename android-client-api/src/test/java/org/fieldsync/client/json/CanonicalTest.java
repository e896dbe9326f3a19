package org.fieldsync.client.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanonicalTest {
    private static String canonical(String json) {
        return Canonical.toString(Canonical.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void sortsMembersAtEveryDepthAndDropsWhiteSpace() {
        assertEquals("{\"a\":[3,{\"x\":1,\"y\":2}],\"b\":true,\"c\":null}",
                canonical(" { \"c\" : null, \"b\": true,\n \"a\": [3, {\"y\": 2, \"x\": 1}] } "));
    }

    @Test
    void sortsNamesByUtf16CodeUnitsNotByCodePoints() {
        // U+1F600 is the surrogate pair D83D DE00, which sorts before U+FF5E in UTF-16 (but after it in UTF-8).
        assertEquals("{\"\uD83D\uDE00\":1,\"\uFF5E\":2}", canonical("{\"\uFF5E\":2,\"\uD83D\uDE00\":1}"));
        assertEquals("{\"B\":1,\"a\":2,\"aa\":3}", canonical("{\"aa\":3,\"a\":2,\"B\":1}"));
    }

    @Test
    void escapesOnlyQuoteBackslashAndControlCharacters() {
        assertEquals("\"q\\\" b\\\\ \\b\\t\\n\\f\\r \\u0000\\u001f \u007f / \u00e9 \u2028 \uD83D\uDE00\"",
                canonical("\"q\\\" b\\\\ \\b\\t\\n\\f\\r \\u0000\\u001F \\u007f \\/ \\u00e9 \\u2028 \\ud83d\\ude00\""));
    }

    @Test
    void writesNonAsciiAsUtf8() {
        byte[] bytes = Canonical.toBytes(JsonNodeFactory.instance.textNode("\u00e9"));

        assertArrayEquals(new byte[] {'"', (byte) 0xc3, (byte) 0xa9, '"'}, bytes);
    }

    @Test
    void writesIntegersPlainlyWithinTheSafeRange() {
        assertEquals("[0,0,-1,9007199254740991,-9007199254740991]",
                canonical("[0,-0,-1,9007199254740991,-9007199254740991]"));
        for (String bad : new String[] {"1.5", "1.0", "1e2", "9007199254740992", "-9007199254740992",
                "123456789012345678901234567890"}) {
            assertThrows(IllegalArgumentException.class, () -> canonical(bad), bad);
        }
    }

    @Test
    void refusesLoneSurrogates() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("s", "a\uD800b");

        assertThrows(IllegalArgumentException.class, () -> Canonical.toBytes(o));
    }

    @Test
    void parseRefusesRepeatedMembersTrailingContentAndEmptyInput() {
        assertThrows(IllegalArgumentException.class, () -> Canonical.parse(bytes("{\"a\":1,\"a\":2}")));
        assertThrows(IllegalArgumentException.class, () -> Canonical.parse(bytes("{} {}")));
        assertThrows(IllegalArgumentException.class, () -> Canonical.parse(bytes("")));
        assertThrows(IllegalArgumentException.class, () -> Canonical.parse(new byte[] {'"', (byte) 0xff, '"'}));
    }

    @Test
    void recognisesCanonicalRegions() {
        byte[] b = bytes("xx{\"a\":1,\"b\":[true]}yy");

        assertTrue(Canonical.isCanonical(b, 2, b.length - 4));
        assertFalse(Canonical.isCanonical(bytes("{\"b\":1,\"a\":2}"), 0, 13));
        assertFalse(Canonical.isCanonical(bytes("{\"a\": 1}"), 0, 8));
        assertFalse(Canonical.isCanonical(bytes("\"\\u0041\""), 0, 8));
        assertFalse(Canonical.isCanonical(bytes("{\"a\":1"), 0, 6));
    }

    @Test
    void base64UrlIsStrictAndUnpadded() {
        byte[] data = {(byte) 0xfb, (byte) 0xff, 0x01};

        assertEquals("-_8B", Base64Url.encode(data));
        assertEquals("AQ", Base64Url.encode(new byte[] {1}));
        assertArrayEquals(new byte[] {1}, Base64Url.decode("AQ"));
        for (String bad : new String[] {"AQ==", "+/8B", "A", "AQ\n"}) {
            assertThrows(IllegalArgumentException.class, () -> Base64Url.decode(bad), bad);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
