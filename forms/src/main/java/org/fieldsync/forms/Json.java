package org.fieldsync.forms;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonNodePath;

import java.io.IOException;

/** JSON reading and JSON pointer helpers shared by the linter, the model and the validator. */
final class Json {
    /**
     * Strict reader: one JSON value, nothing after it, no repeated object member (a questionnaire or an
     * interview whose meaning depends on which duplicate wins is refused).
     */
    static final JsonMapper MAPPER = JsonMapper.builder()
            // repeated members are found as the tree is built (a member replacing another), not by the parser's
            // duplicate detection, which keeps a hash set of every object's names: a third of parsing an interview
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /** Thrown by {@link #read(byte[])} for anything that is not one well-formed JSON value. */
    static final class NotJsonException extends Exception {
        private static final long serialVersionUID = 1L;

        NotJsonException(String message) {
            super(message, null, false, false);
        }
    }

    static JsonNode read(byte[] bytes) throws NotJsonException {
        if (bytes == null || bytes.length == 0) {
            throw new NotJsonException("empty input");
        }
        try (JsonParser parser = MAPPER.createParser(bytes)) {
            JsonNode node = MAPPER.readTree(parser);
            if (node == null || node.isMissingNode()) {
                throw new NotJsonException("no JSON value");
            }
            if (parser.nextToken() != null) {
                throw new NotJsonException("trailing content after the JSON value");
            }
            return node;
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            int cut = message.startsWith("Duplicate field") ? message.indexOf(" for `") : -1;
            throw new NotJsonException((cut > 0 ? message.substring(0, cut) : message) + " at line " + line(e));
        } catch (IOException e) {
            throw new NotJsonException(String.valueOf(e.getMessage()));
        }
    }

    private static String line(JsonProcessingException e) {
        return e.getLocation() == null ? "?" : e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /** Escapes one reference token for a JSON pointer (RFC 6901: {@code ~} → {@code ~0}, {@code /} → {@code ~1}). */
    static String escape(String token) {
        if (token.indexOf('~') < 0 && token.indexOf('/') < 0) {
            return token;
        }
        return token.replace("~", "~0").replace("/", "~1");
    }

    static String unescape(String token) {
        if (token.indexOf('~') < 0) {
            return token;
        }
        return token.replace("~1", "/").replace("~0", "~");
    }

    static String append(String pointer, String token) {
        return pointer + "/" + escape(token);
    }

    static String append(String pointer, int index) {
        return pointer + "/" + index;
    }

    /** The JSON pointer of a networknt node path, whatever path notation the validator was configured with. */
    static String pointer(JsonNodePath path) {
        int count = path.getNameCount();
        if (count == 0) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            Object element = path.getElement(i);
            out.append('/');
            out.append(element instanceof Integer ? element.toString() : escape(String.valueOf(element)));
        }
        return out.toString();
    }

    /**
     * Resolves a local reference ({@code #} or {@code #/json/pointer}, percent-encoding allowed) in a document.
     *
     * @return the target node, or {@code null} if the reference is not local or does not resolve
     */
    static JsonNode resolveLocalRef(JsonNode root, String ref) {
        String pointer = localRefPointer(ref);
        if (pointer == null) {
            return null;
        }
        JsonNode target = root.at(pointer);
        return target.isMissingNode() ? null : target;
    }

    /** @return the JSON pointer of a local reference, or {@code null} if it is not of the form {@code #} / {@code #/...} */
    static String localRefPointer(String ref) {
        if (ref == null || !ref.startsWith("#")) {
            return null;
        }
        String fragment = ref.substring(1);
        if (!fragment.isEmpty() && !fragment.startsWith("/")) {
            return null;
        }
        try {
            return java.net.URLDecoder.decode(fragment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
