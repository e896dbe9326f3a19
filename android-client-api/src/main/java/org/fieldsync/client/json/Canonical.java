package org.fieldsync.client.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * fieldsync's canonical JSON: the one byte sequence of a JSON value that is signed, hashed or used as AEAD
 * associated data. Two parties that hold the same value produce the same bytes.
 *
 * <p>Rules (docs/sync-protocol.md, "Canonical JSON"):
 * <ol>
 *   <li>UTF-8, no byte order mark, no white space outside strings.</li>
 *   <li>Object members sorted by name, comparing names as sequences of UTF-16 code units (Java's
 *       {@link String#compareTo}); a name appears at most once.</li>
 *   <li>Strings: {@code "} and {@code \} are escaped as {@code \"} and {@code \\}; U+0008, U+0009, U+000A, U+000C,
 *       U+000D as {@code \b \t \n \f \r}; the other characters below U+0020 as {@code \}{@code u00xx} with lowercase
 *       hex; every other character is written as itself in UTF-8 (no {@code \/}, no escaping of non-ASCII).
 *       A lone surrogate is not allowed.</li>
 *   <li>Numbers: integers only, between -(2<sup>53</sup>-1) and 2<sup>53</sup>-1, in decimal without sign for
 *       non-negative values, leading zeros, fraction or exponent. {@code -0}, {@code 1.0} and {@code 1e2} are not
 *       canonical.</li>
 *   <li>{@code true}, {@code false}, {@code null} as themselves; array order kept.</li>
 * </ol>
 * For the values it allows this coincides with RFC 8785 (JSON Canonicalization Scheme).
 *
 * <p>Thread-safe; all methods are static.
 */
public final class Canonical {
    /** The largest integer allowed: 2<sup>53</sup>-1, exact in every JSON implementation. */
    public static final long MAX_SAFE_INTEGER = 9007199254740991L;

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * The strict reader: one JSON value, nothing after it, no repeated object member. Shared by the library for
     * everything it reads.
     */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Canonical() {
    }

    /** @return the library's strict Jackson mapper (repeated members and trailing tokens are errors) */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    /**
     * Parses one JSON value strictly.
     *
     * @param json UTF-8 JSON
     * @return the value, never {@code null} (a JSON {@code null} is a {@code NullNode})
     * @throws IllegalArgumentException if the bytes are empty, not well-formed UTF-8 JSON, repeat an object member
     *                                  or have anything after the value
     */
    public static JsonNode parse(byte[] json) {
        return parse(json, 0, json.length);
    }

    /**
     * Parses one JSON value strictly from a region of an array, without copying it.
     *
     * @param json   the array
     * @param offset where the value starts
     * @param length how many bytes it has
     * @return the value
     * @throws IllegalArgumentException as {@link #parse(byte[])}
     */
    public static JsonNode parse(byte[] json, int offset, int length) {
        if (length == 0) {
            throw new IllegalArgumentException("empty input is not JSON");
        }
        try (JsonParser parser = MAPPER.createParser(json, offset, length)) {
            JsonNode node = MAPPER.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("no JSON value");
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("something follows the JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a value in canonical form.
     *
     * @param value a JSON tree
     * @return its canonical UTF-8 bytes
     * @throws IllegalArgumentException if the value holds a number that is not an integer within
     *                                  ±{@link #MAX_SAFE_INTEGER}, a lone surrogate, or a node type JSON does not have
     *                                  (binary, POJO)
     */
    public static byte[] toBytes(JsonNode value) {
        Sink sink = new Sink(256);
        write(value, sink);
        return sink.toByteArray();
    }

    /**
     * Writes a value in canonical form and decodes it as a string.
     *
     * @param value a JSON tree
     * @return the canonical form as a Java string
     * @throws IllegalArgumentException as {@link #toBytes(JsonNode)}
     */
    public static String toString(JsonNode value) {
        return new String(toBytes(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Tells whether a region of an array is exactly the canonical form of the JSON value it holds.
     *
     * @param json   the array
     * @param offset where the value starts
     * @param length how many bytes it has
     * @return {@code true} if the region parses and re-writing it canonically gives the same bytes; {@code false}
     *         for anything else, including malformed JSON and non-canonical numbers
     */
    public static boolean isCanonical(byte[] json, int offset, int length) {
        try {
            byte[] canonical = toBytes(parse(json, offset, length));
            if (canonical.length != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (canonical[i] != json[offset + i]) {
                    return false;
                }
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Appends the canonical form of a string (with its quotes) to a buffer; for code that assembles canonical JSON
     * by hand.
     *
     * @param s   the string
     * @param out where to append
     * @throws IllegalArgumentException if the string holds a lone surrogate
     */
    public static void writeString(String s, java.io.ByteArrayOutputStream out) {
        Sink sink = new Sink(s.length() + 2);
        string(s, sink);
        out.write(sink.buf, 0, sink.len);
    }

    private static void write(JsonNode node, Sink out) {
        switch (node.getNodeType()) {
            case OBJECT:
                List<String> names = new ArrayList<>(node.size());
                for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
                Collections.sort(names);
                out.put('{');
                boolean first = true;
                for (String name : names) {
                    if (!first) {
                        out.put(',');
                    }
                    first = false;
                    string(name, out);
                    out.put(':');
                    write(node.get(name), out);
                }
                out.put('}');
                break;
            case ARRAY:
                out.put('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.put(',');
                    }
                    write(node.get(i), out);
                }
                out.put(']');
                break;
            case STRING:
                string(node.textValue(), out);
                break;
            case NUMBER:
                number(node, out);
                break;
            case BOOLEAN:
                out.ascii(node.booleanValue() ? "true" : "false");
                break;
            case NULL:
                out.ascii("null");
                break;
            default:
                throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    private static void number(JsonNode node, Sink out) {
        long value;
        if (node.isIntegralNumber()) {
            if (node.isBigInteger()) {
                BigInteger big = node.bigIntegerValue();
                if (big.bitLength() > 63) {
                    throw new IllegalArgumentException("integer out of range: " + big);
                }
                value = big.longValue();
            } else {
                value = node.longValue();
            }
        } else {
            throw new IllegalArgumentException("only integers are allowed in canonical JSON, not " + node.asText());
        }
        if (value > MAX_SAFE_INTEGER || value < -MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("integer out of range: " + value);
        }
        out.ascii(Long.toString(value));
    }

    private static void string(String s, Sink out) {
        out.put('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.put('\\');
                out.put(c);
            } else if (c < 0x20) {
                out.put('\\');
                switch (c) {
                    case '\b': out.put('b'); break;
                    case '\t': out.put('t'); break;
                    case '\n': out.put('n'); break;
                    case '\f': out.put('f'); break;
                    case '\r': out.put('r'); break;
                    default:
                        out.put('u');
                        out.put('0');
                        out.put('0');
                        out.raw(HEX[c >> 4]);
                        out.raw(HEX[c & 0xf]);
                }
            } else if (c < 0x80) {
                out.put(c);
            } else if (c < 0x800) {
                out.raw((byte) (0xc0 | (c >> 6)));
                out.raw((byte) (0x80 | (c & 0x3f)));
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new IllegalArgumentException("lone surrogate in string at index " + i);
                }
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.raw((byte) (0xf0 | (cp >> 18)));
                out.raw((byte) (0x80 | ((cp >> 12) & 0x3f)));
                out.raw((byte) (0x80 | ((cp >> 6) & 0x3f)));
                out.raw((byte) (0x80 | (cp & 0x3f)));
            } else if (Character.isLowSurrogate(c)) {
                throw new IllegalArgumentException("lone surrogate in string at index " + i);
            } else {
                out.raw((byte) (0xe0 | (c >> 12)));
                out.raw((byte) (0x80 | ((c >> 6) & 0x3f)));
                out.raw((byte) (0x80 | (c & 0x3f)));
            }
        }
        out.put('"');
    }

    /** A growable byte buffer without the synchronisation of ByteArrayOutputStream. */
    private static final class Sink {
        byte[] buf;
        int len;

        Sink(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        void raw(byte b) {
            if (len == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            buf[len++] = b;
        }

        void put(char c) {
            raw((byte) c);
        }

        void ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                raw((byte) s.charAt(i));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }
    }
}
