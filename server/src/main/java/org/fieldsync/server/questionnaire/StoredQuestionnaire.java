package org.fieldsync.server.questionnaire;

/** A stored version: its listing view and the canonical document bytes it was published with. */
public record StoredQuestionnaire(QuestionnaireVersionView view, String content) {}
