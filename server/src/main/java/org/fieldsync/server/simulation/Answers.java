package org.fieldsync.server.simulation;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.SplittableRandom;
import org.fieldsync.server.sampling.SyntheticCensus;

/**
 * What the simulated enumerators record: the listing questionnaire's answers for each household of an EA, and the
 * household questionnaire's answers for an interview, both drawn from the {@link Population} and following the
 * questionnaires' skip logic (a refusal has no roster; education from age 5, school attendance from 5 to 24, marital
 * status from 12, activity from 15; the number of emigrants only when there is one).
 */
final class Answers {
  /** Interview outcome codes of the household questionnaire. */
  static final int COMPLETE = 1;
  static final int REFUSAL = 3;
  static final int NON_CONTACT = 4;

  private static final List<String> GIVEN_MALE = List.of("Amadou", "Tomas", "Ilyas", "Karim", "Joao", "Samir",
      "Oumar", "Lucas", "Moussa", "Rafael", "Hamid", "Pedro");
  private static final List<String> GIVEN_FEMALE = List.of("Awa", "Lucia", "Maryam", "Ines", "Fatou", "Clara",
      "Salma", "Rosa", "Aicha", "Marta", "Nadia", "Eva");
  private static final List<String> FAMILY = List.of("Diallo", "Santos", "Benali", "Okoro", "Mendes", "Traore",
      "Haddad", "Costa", "Keita", "Ferreira", "Sow", "Amrani");

  private Answers() {}

  /** The listing form's answers for one household, as the enumerator recorded them on the doorstep. */
  static JsonObject listing(Population.Household h) {
    SplittableRandom r = new SplittableRandom(h.eaId().hashCode() * 31L + h.line());
    JsonObject a = new JsonObject().put("ea_code", h.eaId()).put("structure_no", (h.line() + 1) / 2 + r.nextInt(2))
        .put("dwelling_no", 1 + (h.line() % 2)).put("hh_no", h.line())
        .put("head_name", name(h, h.members().get(0))).put("hh_size", Math.min(40, h.members().size()))
        .put("has_emigrant", yesNo(h.listedEmigrant()));
    if (h.listedEmigrant()) {
      a.put("n_emigrants", Math.max(1, h.emigrants()));
    }
    a.put("has_return", yesNo(h.listedReturned()));
    if (h.listedReturned()) {
      a.put("n_returnees", Math.max(1, h.returnees()));
    }
    a.put("has_immigrant", yesNo(h.listedImmigrant()));
    if (h.listedImmigrant()) {
      a.put("n_immigrants", Math.max(1, h.immigrants()));
    }
    return a.put("hh_type", switch (h.listedType()) {
      case "EMIG" -> 1;
      case "RET" -> 2;
      case "IMM" -> 3;
      default -> 4;
    });
  }

  /**
   * The household questionnaire's answers for an interview with the given outcome, visits made on {@code day} (and
   * the days before it for repeated visits). {@code slip}: the enumerator mistypes the head's age (a plausible-looking
   * but wrong answer that validation accepts and a supervisor catches).
   */
  static JsonObject household(Population.Household h, SyntheticCensus.Ea ea, int outcome, LocalDate day,
      SplittableRandom r, boolean slip) {
    JsonObject a = new JsonObject().put("ea_code", h.eaId()).put("hh_no", h.line())
        .put("gps", new JsonObject().put("lat", round(ea.lat() + (r.nextDouble() - 0.5) * 0.01))
            .put("lon", round(ea.lon() + (r.nextDouble() - 0.5) * 0.01)).put("accuracy_m", 3 + r.nextInt(12)));
    JsonArray visits = new JsonArray();
    if (outcome == NON_CONTACT) {
      for (int v = 1; v <= 3; v++) {
        visits.add(visit(v, day.minusDays(3 - v), 3));
      }
    } else if (outcome == REFUSAL) {
      visits.add(visit(1, day, 6));
    } else {
      if (r.nextDouble() < 0.25) {
        visits.add(visit(1, day.minusDays(1), 3));
      }
      visits.add(visit(visits.size() + 1, day, 1));
    }
    a.put("visits", visits);
    if (outcome == COMPLETE) {
      a.put("respondent_line", h.members().size() > 1 && r.nextDouble() < 0.4 ? 2 : 1);
      JsonArray roster = new JsonArray();
      for (Population.Person p : h.members()) {
        roster.add(person(h, p, slip && p.line() == 1));
      }
      a.put("roster", roster).put("has_emigrant", yesNo(h.emigrant())).put("has_return", yesNo(h.returned()))
          .put("has_immigrant", yesNo(h.immigrant())).put("remit_12m", yesNo(h.remittances()));
    }
    return a.put("outcome", outcome);
  }

  private static JsonObject person(Population.Household h, Population.Person p, boolean slip) {
    int age = slip ? Math.min(120, p.age() + 60) : p.age();
    JsonObject m = new JsonObject().put("line_no", p.line()).put("name", name(h, p)).put("sex", p.sex())
        .put("age", age).put("relationship", p.relationship());
    if (age >= 5 && age <= 24) {
      m.put("attending_school", p.attending() == null ? 2 : p.attending());
    }
    if (age >= 5) {
      m.put("education", p.education() == null ? 1 : p.education());
    }
    if (age >= 12) {
      m.put("marital_status", p.marital() == null ? 1 : p.marital());
    }
    if (age >= 15) {
      m.put("activity", p.activity() == null ? 7 : p.activity());
    }
    return m;
  }

  private static JsonObject visit(int no, LocalDate day, int result) {
    return new JsonObject().put("visit_no", no).put("date", day.toString()).put("result", result);
  }

  private static String name(Population.Household h, Population.Person p) {
    SplittableRandom r = new SplittableRandom(h.eaId().hashCode() * 1_000_003L + h.line() * 41L + p.line());
    List<String> given = p.sex() == 1 ? GIVEN_MALE : GIVEN_FEMALE;
    String family = FAMILY.get(Math.floorMod(h.eaId().hashCode() + h.line(), FAMILY.size()));
    return given.get(r.nextInt(given.size())) + " " + family;
  }

  private static int yesNo(boolean yes) {
    return yes ? 1 : 2;
  }

  private static double round(double x) {
    return Math.round(x * 1e5) / 1e5;
  }
}
