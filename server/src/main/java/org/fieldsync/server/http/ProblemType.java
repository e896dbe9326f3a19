package org.fieldsync.server.http;

/**
 * The catalogue of every error the API can return: an HTTP status and a stable code that clients may switch on.
 *
 * <p>Codes are {@code area.what-went-wrong}; they never change meaning once released. Every code here is listed in
 * {@code docs/errors.md}, and a test keeps both lists in step and the codes unique.
 */
public enum ProblemType {
  // request shape
  REQUEST_INVALID(400, "request.invalid"),
  REQUEST_NOT_JSON(400, "request.not-json"),
  REQUEST_TOO_LARGE(413, "request.too-large"),
  NOT_FOUND(404, "resource.not-found"),
  METHOD_NOT_ALLOWED(405, "request.method-not-allowed"),
  UNSUPPORTED_MEDIA_TYPE(415, "request.unsupported-media-type"),

  // authentication and authorisation
  AUTH_REQUIRED(401, "auth.required"),
  AUTH_TOKEN_INVALID(401, "auth.token-invalid"),
  AUTH_CREDENTIALS_INVALID(401, "auth.credentials-invalid"),
  AUTH_FORBIDDEN(403, "auth.forbidden"),
  AUTH_THROTTLED(429, "auth.throttled"),

  // accounts and teams
  USER_EXISTS(409, "user.exists"),
  USER_NOT_FOUND(404, "user.not-found"),
  USER_ROLE_MISMATCH(422, "user.role-mismatch"),
  SURVEY_EXISTS(409, "survey.exists"),
  SURVEY_NOT_FOUND(404, "survey.not-found"),
  TEAM_MEMBER_CONFLICT(409, "team.member-conflict"),

  // questionnaires
  QUESTIONNAIRE_INVALID(422, "questionnaire.invalid"),
  QUESTIONNAIRE_VERSION_CONFLICT(409, "questionnaire.version-conflict"),
  QUESTIONNAIRE_NOT_FOUND(404, "questionnaire.not-found"),
  INTERVIEW_NOT_JSON(400, "interview.not-json"),

  // sampling
  FRAME_INVALID(422, "frame.invalid"),
  FRAME_NOT_FOUND(404, "frame.not-found"),
  PLAN_INVALID(422, "plan.invalid"),
  PLAN_NOT_FOUND(404, "plan.not-found"),
  PLAN_NO_TEAMS(409, "plan.no-teams"),
  PLAN_SAMPLE_EXISTS(409, "plan.sample-exists"),
  PLAN_NOT_FROZEN(409, "plan.not-frozen"),
  EA_NOT_IN_SAMPLE(404, "sample.ea-not-found"),
  LISTING_INVALID(422, "listing.invalid"),
  LISTING_ALREADY_COMPLETE(409, "listing.already-complete"),

  // tablets: enrolment, devices, uploads
  ENROLMENT_CODE_INVALID(401, "enrolment.code-invalid"),
  ENROLMENT_PROOF_INVALID(422, "enrolment.proof-invalid"),
  ENROLMENT_NOT_IN_SURVEY(422, "enrolment.enumerator-not-in-survey"),
  DEVICE_NOT_FOUND(404, "device.not-found"),
  DEVICE_REVOKED(403, "device.revoked"),
  UPLOAD_ENVELOPE_INVALID(400, "upload.envelope-invalid"),
  UPLOAD_TOO_LARGE(413, "upload.too-large"),
  UPLOAD_SIGNATURE_INVALID(422, "upload.signature-invalid"),
  UPLOAD_HEADER_MISMATCH(422, "upload.header-mismatch"),
  UPLOAD_SURVEY_KEY_UNKNOWN(422, "upload.survey-key-unknown"),
  UPLOAD_DECRYPT_FAILED(422, "upload.decrypt-failed"),
  UPLOAD_REVISION_CONFLICT(409, "upload.revision-conflict"),
  UPLOAD_STALE_REVISION(409, "upload.stale-revision"),
  UPLOAD_ASSIGNMENT_NOT_YOURS(403, "upload.assignment-not-yours"),

  // review
  INTERVIEW_NOT_FOUND(404, "interview.not-found"),
  INTERVIEW_NOT_LATEST(409, "interview.not-latest"),
  REVIEW_STATE_CONFLICT(409, "review.state-conflict"),
  REVIEW_QUARANTINED(409, "review.quarantined"),

  // export
  EXPORT_NOT_FOUND(404, "export.not-found"),
  EXPORT_NOT_READY(409, "export.not-ready"),
  EXPORT_EXPIRED(410, "export.expired"),
  EXPORT_NO_SAMPLE(409, "export.no-sample"),
  EXPORT_IDENTIFYING_FORBIDDEN(403, "export.identifying-forbidden"),

  // the server itself
  STORE_UNAVAILABLE(503, "store.unavailable"),
  INTERNAL(500, "server.internal");

  private final int status;
  private final String code;

  ProblemType(int status, String code) {
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
