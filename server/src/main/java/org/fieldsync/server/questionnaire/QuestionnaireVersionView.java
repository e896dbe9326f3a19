package org.fieldsync.server.questionnaire;

import java.time.Instant;
import java.util.Map;

/** A published questionnaire version as the API lists it (without the document itself). */
public record QuestionnaireVersionView(String formId, int version, String sha256, Map<String, String> title,
    String kind, Instant publishedAt, String publishedBy, boolean retired, Instant retiredAt) {}
