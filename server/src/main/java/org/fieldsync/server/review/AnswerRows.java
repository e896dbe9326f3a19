package org.fieldsync.server.review;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.fieldsync.forms.Code;
import org.fieldsync.forms.Question;
import org.fieldsync.forms.Questionnaire;
import org.fieldsync.forms.Section;

/**
 * An interview's answers as rows a reviewer reads: one per answered question (a list of codes is one answer), with
 * the question text and section in the chosen language, the code labels of coded answers, and the validation error
 * on that answer if any.
 */
final class AnswerRows {
  private AnswerRows() {}

  /** Appends the rows of {@code value} at {@code pointer} (answers are JSON as Vert.x decodes it). */
  static void flatten(Questionnaire q, String lang, Object value, String pointer, JsonArray rows,
      Map<String, String> errors) {
    if (value instanceof JsonObject o) {
      for (String key : o.fieldNames()) {
        flatten(q, lang, o.getValue(key), pointer + "/" + escape(key), rows, errors);
      }
      return;
    }
    Question question = q == null ? null : q.question(pattern(pointer)).orElse(null);
    if (value instanceof JsonArray a && (question == null || !scalars(a))) {
      for (int i = 0; i < a.size(); i++) {
        flatten(q, lang, a.getValue(i), pointer + "/" + i, rows, errors);
      }
      return;
    }
    String label = question == null ? pointer : text(question.label(), lang, pointer);
    String section = "";
    if (question != null && q != null) {
      section = q.sections().stream().filter(s -> s.id().equals(question.section())).findFirst()
          .map(s -> text(s.label(), lang, s.id())).orElse(question.section());
    }
    rows.add(new JsonObject().put("pointer", pointer).put("label", label).put("section", section)
        .put("value", value).put("display", display(question, lang, value)).put("error", errors.get(pointer)));
  }

  private static boolean scalars(JsonArray a) {
    return a.stream().noneMatch(v -> v instanceof JsonObject || v instanceof JsonArray);
  }

  /** {@code /roster/3/age} → {@code /roster/*}{@code /age}, the question's path. */
  private static String pattern(String pointer) {
    return pointer.replaceAll("/\\d+(?=/|$)", "/*");
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static String text(Map<String, String> byLang, String lang, String fallback) {
    if (byLang == null || byLang.isEmpty()) {
      return fallback;
    }
    String t = lang == null ? null : byLang.get(lang);
    return t != null ? t : byLang.values().iterator().next();
  }

  private static String display(Question question, String lang, Object value) {
    if (value == null) {
      return "";
    }
    if (question == null || question.codes().isEmpty()) {
      return value instanceof JsonArray a ? String.join(", ", a.stream().map(String::valueOf).toList())
          : String.valueOf(value);
    }
    List<Object> values = value instanceof JsonArray a ? a.getList() : List.of(value);
    StringBuilder out = new StringBuilder();
    for (Object v : values) {
      if (out.length() > 0) {
        out.append(", ");
      }
      String label = null;
      for (Code c : question.codes()) {
        if (String.valueOf(c.code()).equals(String.valueOf(v))) {
          label = text(c.label(), lang, null);
        }
      }
      out.append(v).append(label == null ? "" : " — " + label);
    }
    return out.toString();
  }

  static List<Section> sections(Questionnaire q) {
    return q.sections();
  }
}
