package org.fieldsync.forms;

import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SchemaValidatorsConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DialectTest {

    @Test
    void registersEveryAnnotationKeywordSoNetworkntNeitherAssertsNorWarns() {
        JsonMetaSchema metaSchema = Dialect.FACTORY.getMetaSchema(Dialect.DRAFT_2020_12,
                SchemaValidatorsConfig.builder().build());
        assertEquals(List.of("x-form", "x-label", "x-hint", "x-section", "x-order", "x-codes", "x-identifying",
                "x-level"), Dialect.ANNOTATION_KEYWORDS);
        for (String keyword : Dialect.ANNOTATION_KEYWORDS) {
            assertInstanceOf(NonValidationKeyword.class, metaSchema.getKeywords().get(keyword), keyword);
        }
        assertTrue(metaSchema.getKeywords().containsKey("unevaluatedProperties"), "still the 2020-12 dialect");
    }

    @Test
    void annotationsMetaSchemaIsItselfValidJsonSchema202012() {
        assertTrue(Dialect.DRAFT_2020_12_META_SCHEMA.validate(Dialect.ANNOTATIONS_DOCUMENT).isEmpty());
    }
}
