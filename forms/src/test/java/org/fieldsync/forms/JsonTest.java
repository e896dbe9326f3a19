package org.fieldsync.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The strict reader behind questionnaires and answers: one JSON value, no repeated member at any depth. */
class JsonTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":1,\"a\":1}",
        "{\"a\":1,\"b\":2,\"a\":3}",
        "{\"roster\":[{\"age\":3},{\"age\":4,\"sex\":1,\"age\":5}]}",
        "{\"x\":{\"y\":{\"z\":null,\"z\":{}}}}",
        "[{\"k\":[],\"k\":[]}]"})
    void refusesARepeatedMemberAnywhere(String text) {
        Json.NotJsonException e = assertThrows(Json.NotJsonException.class, () -> Json.read(bytes(text)));
        assertTrue(e.getMessage().startsWith("Duplicate field '"), e.getMessage());
        assertTrue(e.getMessage().contains(" at line 1, column "), e.getMessage());

        FormsException forms = assertThrows(FormsException.class, () -> Questionnaire.parseAnswers(bytes(text)));
        assertEquals(FormsException.Code.NOT_JSON, forms.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,\"b\":{\"a\":1}}", "[{\"a\":1},{\"a\":1}]", "{\"a\":{},\"A\":{}}"})
    void sameNameInDifferentObjectsIsFine(String text) throws Json.NotJsonException {
        assertEquals(text, Json.read(bytes(text)).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{} {}", "{}x", "nul"})
    void refusesWhatIsNotOneJsonValue(String text) {
        assertThrows(Json.NotJsonException.class, () -> Json.read(bytes(text)));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
