package org.fieldsync.server.survey;

import java.time.Instant;

/** A survey as the API shows it. */
public record SurveyView(String id, String name, String description, Instant createdAt, String createdBy) {}
