package org.fieldsync.server.audit;

import static io.vertx.core.http.HttpMethod.GET;
import static org.fieldsync.server.account.Role.ADMIN;
import static org.fieldsync.server.account.Role.MANAGER;
import static org.fieldsync.server.http.Api.respond;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.fieldsync.server.http.Access;
import org.fieldsync.server.http.Api;
import org.fieldsync.server.http.Problem;
import org.fieldsync.server.store.Blocking;

/** Lists and filters the audit log; admins and managers only. */
public final class AuditRoutes {
  /** A page of audit events; {@code next} continues the listing ({@code ?before=next}), null at the end. */
  public record AuditPage(List<AuditEvent> events, String next) {}

  private final AuditStore store;
  private final Blocking blocking;

  public AuditRoutes(AuditStore store, Blocking blocking) {
    this.store = store;
    this.blocking = blocking;
  }

  public void mount(Api api) {
    api.route(GET, "/api/v1/audit", Access.roles(ADMIN, MANAGER), respond(200, this::list));
  }

  private Future<AuditPage> list(RoutingContext ctx) {
    MultiMap q = ctx.queryParams();
    int limit = org.fieldsync.server.http.QueryParams.limit(q, 1000);
    AuditQuery query = new AuditQuery(q.get("actor"), q.get("action"), q.get("objectType"), q.get("objectId"),
        instant("since", q.get("since")), instant("until", q.get("until")), q.get("before"), limit);
    int size = limit;
    return blocking.run(() -> {
      List<AuditEvent> events = store.find(query);
      return new AuditPage(events, events.size() == size ? events.get(events.size() - 1).id() : null);
    });
  }

  private static Instant instant(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw Problem.invalidField(field, "must be an ISO-8601 instant such as 2026-11-23T08:00:00Z, got '" + value
          + "'");
    }
  }
}
