package org.fieldsync.server.monitoring;

import java.util.Locale;

/**
 * The result of a visit, in the seven categories coverage counts, with the AAPOR final disposition codes they map
 * to (docs/monitoring.md). A tablet's header carries a free-text disposition; {@link #of} reads the usual spellings
 * (the household questionnaire's {@code outcome} codes, the protocol's examples) and counts anything else as
 * {@link #OTHER}.
 */
public enum Disposition {
  COMPLETE("complete"),
  PARTIAL("partial"),
  REFUSAL("refusal"),
  NON_CONTACT("nonContact"),
  NOT_ELIGIBLE("notEligible"),
  VACANT("vacant"),
  OTHER("other");

  private final String counter;

  Disposition(String counter) {
    this.counter = counter;
  }

  /** The name of its counter in coverage rows. */
  public String counter() {
    return counter;
  }

  /** Reads a header's disposition; null or unknown is {@link #OTHER}. */
  public static Disposition of(String header) {
    if (header == null) {
      return OTHER;
    }
    String d = header.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    return switch (d) {
      case "complete", "completed", "1", "1.1" -> COMPLETE;
      case "partial", "partly-completed", "partially-completed", "2", "1.2" -> PARTIAL;
      case "refusal", "refused", "break-off", "3", "2.1" -> REFUSAL;
      case "non-contact", "noncontact", "not-at-home", "no-contact", "absent", "4", "2.2" -> NON_CONTACT;
      case "not-eligible", "ineligible", "5", "4.0" -> NOT_ELIGIBLE;
      case "vacant", "not-a-dwelling", "demolished", "6", "4.6" -> VACANT;
      default -> OTHER;
    };
  }
}
