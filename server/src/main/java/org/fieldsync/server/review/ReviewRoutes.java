package org.fieldsync.server.review;

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

/** Review of received interviews: for now, sending one back to its tablet with comments. */
public final class ReviewRoutes {
  private final ReviewService review;

  public ReviewRoutes(ReviewService review) {
    this.review = review;
  }

  public void mount(Api api) {
    api.route(POST, "/api/v1/surveys/:surveyId/interviews/:interviewId/revisions/:revision/return",
        Access.roles(ADMIN, MANAGER, SUPERVISOR), respond(200, this::sendBack));
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
