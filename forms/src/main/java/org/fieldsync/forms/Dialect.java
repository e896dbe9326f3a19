package org.fieldsync.forms;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.Keyword;
import com.networknt.schema.KeywordFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.UnknownKeywordFactory;
import com.networknt.schema.ValidationContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The JSON Schema dialect questionnaires are written in: Draft 2020-12 with fieldsync's {@code x-} annotation
 * keywords registered as non-validating keywords, so networknt neither asserts nor warns about them.
 *
 * <p>The customised meta-schema keeps the standard 2020-12 IRI (see networknt's "Adding a keyword to a standard
 * dialect", doc/custom-meta-schema.md), so documents declare the ordinary {@code $schema}. An {@code x-} keyword
 * that is not in the annotations meta-schema is also accepted silently here (the linter reports it as
 * {@code lint.annotation-invalid}); any other unknown keyword keeps networknt's default treatment.
 */
final class Dialect {
    static final String DRAFT_2020_12 = SchemaId.V202012;

    /** The grammar of the {@code x-} keywords, {@code fieldsync-annotations.schema.json}. */
    static final JsonNode ANNOTATIONS_DOCUMENT = loadResource("fieldsync-annotations.schema.json");

    /** The {@code x-} keywords the annotations meta-schema defines, in its order. */
    static final List<String> ANNOTATION_KEYWORDS = keywordsOf(ANNOTATIONS_DOCUMENT);

    static final JsonSchemaFactory FACTORY = createFactory();

    /** Messages in English whatever the JVM's default locale: they are shown as they are. */
    static final SchemaValidatorsConfig LINT_CONFIG = SchemaValidatorsConfig.builder()
            .locale(Locale.ENGLISH)
            .build();

    /**
     * How questionnaires are compiled: {@code format} is asserted (a visit date must be a calendar date), although
     * 2020-12 makes it an annotation by default, because the validator enforces everything the schema says.
     */
    static final SchemaValidatorsConfig QUESTIONNAIRE_CONFIG = SchemaValidatorsConfig.builder()
            .locale(Locale.ENGLISH)
            .formatAssertionsEnabled(true)
            .build();

    /** The standard 2020-12 meta-schema, compiled once; questionnaires are validated against it when linted. */
    static final JsonSchema DRAFT_2020_12_META_SCHEMA =
            compile(() -> FACTORY.getSchema(SchemaLocation.of(DRAFT_2020_12), LINT_CONFIG));

    /** The annotations meta-schema compiled once; the linter validates each schema object's x- members with it. */
    static final JsonSchema ANNOTATIONS_SCHEMA = compile(() -> FACTORY.getSchema(ANNOTATIONS_DOCUMENT, LINT_CONFIG));

    private Dialect() {
    }

    private static JsonSchemaFactory createFactory() {
        List<Keyword> keywords = new ArrayList<>();
        for (String name : ANNOTATION_KEYWORDS) {
            keywords.add(new NonValidationKeyword(name));
        }
        KeywordFactory unknown = new KeywordFactory() {
            @Override
            public Keyword getKeyword(String value, ValidationContext context) {
                if (value.startsWith("x-")) {
                    return new NonValidationKeyword(value);
                }
                return UnknownKeywordFactory.getInstance().getKeyword(value, context);
            }
        };
        JsonMetaSchema metaSchema = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
                .keywords(keywords)
                .unknownKeywordFactory(unknown)
                .build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder.metaSchema(metaSchema));
    }

    /** Compiles a questionnaire document; all validators are created now so that validation allocates no schema. */
    static JsonSchema compileQuestionnaire(JsonNode document) {
        JsonSchema schema = FACTORY.getSchema(document, QUESTIONNAIRE_CONFIG);
        schema.initializeValidators();
        return schema;
    }

    private static JsonSchema compile(java.util.function.Supplier<JsonSchema> supplier) {
        JsonSchema schema = supplier.get();
        schema.initializeValidators();
        return schema;
    }

    private static List<String> keywordsOf(JsonNode annotations) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = annotations.path("properties").fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return List.copyOf(names);
    }

    private static JsonNode loadResource(String name) {
        try (InputStream in = Dialect.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource org/fieldsync/forms/" + name);
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keywords whose value is a map from names to subschemas. */
    static final Set<String> SCHEMA_MAP_KEYWORDS = Set.of("properties", "patternProperties", "$defs", "definitions",
            "dependentSchemas");
    /** Keywords whose value is one subschema. */
    static final Set<String> SCHEMA_KEYWORDS = Set.of("items", "additionalItems", "additionalProperties",
            "unevaluatedProperties", "unevaluatedItems", "contains", "propertyNames", "contentSchema", "if", "then",
            "else", "not");
    /** Keywords whose value is an array of subschemas. */
    static final Set<String> SCHEMA_ARRAY_KEYWORDS = Set.of("allOf", "anyOf", "oneOf", "prefixItems");
    /** Keywords of skip logic: a failure under one of them is caused by skip logic. */
    static final Set<String> SKIP_LOGIC_KEYWORDS = Set.of("if", "then", "else", "dependentRequired",
            "dependentSchemas");
}
