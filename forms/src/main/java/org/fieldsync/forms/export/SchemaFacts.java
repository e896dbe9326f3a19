package org.fieldsync.forms.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.fieldsync.forms.Questionnaire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the export needs from a questionnaire's schema beyond {@link org.fieldsync.forms.Question}: a question's
 * {@code format} and {@code maxLength}. The schema at a path is found as the question catalog finds questions:
 * {@code properties} members, {@code items} for {@code *}, {@code prefixItems} for an index, each merged with its
 * local {@code $ref} targets (the first layer that has a keyword wins).
 */
final class SchemaFacts {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final JsonNode root;

    SchemaFacts(Questionnaire questionnaire) {
        try {
            this.root = MAPPER.readTree(questionnaire.canonicalJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the {@code format} keyword at the path, or {@code ""} */
    String format(String path) {
        JsonNode format = first(at(path), "format");
        return format != null && format.isTextual() ? format.textValue() : "";
    }

    /** @return the {@code maxLength} keyword at the path, or 0 */
    int maxLength(String path) {
        JsonNode max = first(at(path), "maxLength");
        return max != null && max.canConvertToInt() ? max.intValue() : 0;
    }

    private List<JsonNode> at(String path) {
        List<JsonNode> layers = layers(root);
        for (String token : ExportSchema.tokens(path)) {
            JsonNode next = null;
            if (token.equals("*")) {
                next = first(layers, "items");
            } else if (token.matches("[0-9]+") && first(layers, "prefixItems") != null) {
                next = first(layers, "prefixItems").get(Integer.parseInt(token));
            } else {
                for (JsonNode layer : layers) {
                    JsonNode properties = layer.get("properties");
                    if (properties != null && properties.has(token)) {
                        next = properties.get(token);
                        break;
                    }
                }
            }
            if (next == null || !next.isObject()) {
                return List.of();
            }
            layers = layers(next);
        }
        return layers;
    }

    private List<JsonNode> layers(JsonNode schema) {
        List<JsonNode> layers = new ArrayList<>(2);
        JsonNode current = schema;
        while (current != null && current.isObject() && layers.size() < 16 && !layers.contains(current)) {
            layers.add(current);
            JsonNode ref = current.get("$ref");
            current = ref != null && ref.isTextual() && ref.textValue().startsWith("#")
                    ? root.at(ref.textValue().substring(1)) : null;
        }
        return layers;
    }

    private static JsonNode first(List<JsonNode> layers, String keyword) {
        for (JsonNode layer : layers) {
            if (layer.has(keyword)) {
                return layer.get(keyword);
            }
        }
        return null;
    }
}
