package org.fieldsync.server.sampling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.fieldsync.forms.AnswerError;
import org.fieldsync.forms.Questionnaire;
import org.fieldsync.forms.ValidationResult;
import org.fieldsync.sampling.HouseholdType;
import org.fieldsync.sampling.Listing;
import org.fieldsync.sampling.ListingImport;
import org.fieldsync.server.http.Problem;
import org.fieldsync.server.http.ProblemType;

/**
 * Turns an uploaded listing of one EA into the sampling library's {@link Listing}: either CSV (the library's
 * {@link ListingImport} format) or JSON {@code {"households": [...]}} where each household is the listing form's
 * answers, as a tablet sends them, validated against the listing questionnaire. Every problem is reported at once
 * ({@code listing.invalid}, {@code details.problems}).
 */
final class ListingInput {
  private ListingInput() {}

  static Listing fromCsv(byte[] csv, String psuId, String eaId) {
    ListingImport.Result r = ListingImport.csv(csv);
    JsonArray problems = new JsonArray();
    r.problems().forEach(p -> problems.add(new JsonObject().put("line", p.line()).put("column", p.column())
        .put("message", p.message())));
    if (problems.isEmpty()) {
      for (String other : r.listings().keySet()) {
        if (!other.equals(eaId) && !other.equals(psuId)) {
          problems.add(new JsonObject().put("line", 0).put("column", "ea_id").put("message",
              "the file lists EA '" + other + "' but this upload is for EA '" + eaId + "': upload one EA at a time"));
        }
      }
      if (r.listings().isEmpty()) {
        problems.add(new JsonObject().put("line", 0).put("column", "").put("message", "no household is listed"));
      }
    }
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
    return new Listing(psuId, r.listings().values().iterator().next().households());
  }

  /**
   * Listing-form answers: {@code hh_no} is the line in walk order, {@code hh_type} the type code 1 to 4
   * (emigrant, return, immigrant, non-migrant), and the screening answers must agree with it.
   */
  static Listing fromJson(JsonObject body, String psuId, Questionnaire form) {
    JsonArray households = body.getJsonArray("households");
    JsonArray problems = new JsonArray();
    if (households == null || households.isEmpty()) {
      problems.add(new JsonObject().put("pointer", "/households").put("message",
          "give the listed households as an array of listing-form answers"));
      throw invalid(problems);
    }
    List<Listing.ListedHousehold> out = new ArrayList<>();
    for (int i = 0; i < households.size(); i++) {
      Object h = households.getValue(i);
      String at = "/households/" + i;
      if (!(h instanceof JsonObject answers)) {
        problems.add(new JsonObject().put("pointer", at).put("message", "must be an object of listing-form answers"));
        continue;
      }
      ValidationResult result = form.validate(answers.encode().getBytes(StandardCharsets.UTF_8), null);
      for (AnswerError e : result.errors()) {
        problems.add(new JsonObject().put("pointer", at + e.pointer()).put("label", e.label())
            .put("message", e.message()));
      }
      if (result.valid()) {
        HouseholdType type = HouseholdType.values()[answers.getInteger("hh_type") - 1];
        out.add(new Listing.ListedHousehold(answers.getInteger("hh_no"), type, ""));
      }
    }
    if (!problems.isEmpty()) {
      throw invalid(problems);
    }
    try {
      return new Listing(psuId, out);
    } catch (RuntimeException e) {
      problems.add(new JsonObject().put("pointer", "/households").put("message", e.getMessage()));
      throw invalid(problems);
    }
  }

  private static Problem invalid(JsonArray problems) {
    JsonObject first = problems.getJsonObject(0);
    return new Problem(ProblemType.LISTING_INVALID, "The listing has " + problems.size() + " problem"
        + (problems.size() == 1 ? "" : "s") + " (details.problems lists each); the first: "
        + first.getString("message"), new JsonObject().put("problems", problems));
  }
}
