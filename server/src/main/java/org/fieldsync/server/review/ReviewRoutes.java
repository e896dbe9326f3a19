package org.fieldsync.server.review;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static org.fieldsync.server.account.Role.ADMIN;
import static org.fieldsync.server.account.Role.MANAGER;
import static org.fieldsync.server.account.Role.SUPERVISOR;
import static org.fieldsync.server.http.Api.respond;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.fieldsync.server.http.Access;
import org.fieldsync.server.http.Api;
import org.fieldsync.server.http.Auth;
import org.fieldsync.server.http.JsonRequest;
import org.fieldsync.server.http.Problem;

/**
 * Review of received interviews: open one, approve or reject it, approve a selection, or send one back with comments
 * on its answers.
 */
public final class ReviewRoutes {
  private static final java.util.regex.Pattern DECISION = java.util.regex.Pattern.compile("approve|reject");
  private final ReviewService review;

  public ReviewRoutes(ReviewService review) {
    this.review = review;
  }

  public void mount(Api api) {
    Access reviewers = Access.roles(ADMIN, MANAGER, SUPERVISOR);
    api.route(POST, "/api/v1/surveys/:surveyId/interviews/:interviewId/revisions/:revision/return",
        reviewers, respond(200, this::sendBack));
    api.route(GET, "/api/v1/surveys/:surveyId/interviews/:interviewId", reviewers, respond(200, ctx ->
        review.detail(Auth.principal(ctx), ctx.pathParam("surveyId"), ctx.pathParam("interviewId"),
            ctx.queryParams().get("lang"))));
    api.route(POST, "/api/v1/surveys/:surveyId/interviews/:interviewId/review", reviewers,
        respond(200, this::decide));
    api.route(POST, "/api/v1/surveys/:surveyId/reviews", reviewers, respond(200, this::bulk));
  }

  private Future<JsonObject> decide(RoutingContext ctx) {
    JsonRequest in = JsonRequest.of(ctx);
    String decision = in.matching("decision", true, DECISION, "approve or reject");
    String comment = in.string("comment", false, 1, 10_000);
    Integer revision = in.raw().getValue("revision") instanceof Integer r && r >= 1 ? r : null;
    if (revision == null) {
      in.error("revision", "is required: the revision you reviewed, a whole number from 1 up");
    }
    if ("reject".equals(decision) && (comment == null || comment.isBlank())) {
      in.error("comment", "is required to reject: say what the enumerator must correct");
    }
    in.done();
    return review.decide(Auth.principal(ctx), ctx.pathParam("surveyId"), ctx.pathParam("interviewId"), revision,
        decision, comment);
  }

  private Future<JsonObject> bulk(RoutingContext ctx) {
    JsonRequest in = JsonRequest.of(ctx);
    String decision = in.matching("decision", true, java.util.regex.Pattern.compile("approve"),
        "approve (a rejection needs a comment per interview: reject them one by one)");
    String comment = in.string("comment", false, 1, 10_000);
    List<ReviewService.Item> items = new ArrayList<>();
    Object raw = in.raw().getValue("interviews");
    if (!(raw instanceof JsonArray list) || list.isEmpty() || list.size() > 500) {
      in.error("interviews", "give 1 to 500 items {interviewId, revision}");
    } else {
      for (int i = 0; i < list.size(); i++) {
        Object o = list.getValue(i);
        String id = o instanceof JsonObject j ? j.getString("interviewId") : null;
        Object r = o instanceof JsonObject j ? j.getValue("revision") : null;
        if (id == null || id.isBlank()) {
          in.error("interviews/" + i + "/interviewId", "is required");
        } else if (!(r instanceof Integer rev) || rev < 1) {
          in.error("interviews/" + i + "/revision", "is required, a whole number from 1 up");
        } else {
          items.add(new ReviewService.Item(id, rev));
        }
      }
    }
    in.done();
    return review.bulk(Auth.principal(ctx), ctx.pathParam("surveyId"), decision, comment, items);
  }

  private Future<JsonObject> sendBack(RoutingContext ctx) {
    JsonRequest in = JsonRequest.of(ctx);
    List<ReviewService.Comment> comments = new ArrayList<>();
    Object raw = in.raw().getValue("comments");
    if (!(raw instanceof JsonArray list) || list.isEmpty()) {
      in.error("comments", "give at least one comment {pointer, text} saying what to correct");
    } else {
      for (int i = 0; i < list.size(); i++) {
        Object c = list.getValue(i);
        String text = c instanceof JsonObject o ? o.getString("text") : null;
        String pointer = c instanceof JsonObject o ? o.getString("pointer", "") : null;
        if (text == null || text.isBlank() || text.length() > 10_000) {
          in.error("comments/" + i + "/text", "is required, up to 10,000 characters");
        } else if (!pointer.isEmpty() && !pointer.startsWith("/")) {
          in.error("comments/" + i + "/pointer", "must be a JSON pointer into the answers (empty for all of it)");
        } else {
          comments.add(new ReviewService.Comment(pointer, text));
        }
      }
    }
    in.done();
    int revision;
    try {
      revision = Integer.parseInt(ctx.pathParam("revision"));
    } catch (NumberFormatException e) {
      throw Problem.invalidField("revision", "must be a whole number from 1 up");
    }
    return review.sendBack(Auth.principal(ctx), ctx.pathParam("surveyId"), ctx.pathParam("interviewId"), revision,
        comments);
  }
}
