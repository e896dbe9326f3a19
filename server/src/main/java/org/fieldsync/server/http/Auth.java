package org.fieldsync.server.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.fieldsync.server.account.Principal;
import org.fieldsync.server.account.Role;

/**
 * Bearer-token authentication and role checks, as the first handlers of a route's chain. The token is checked
 * against the store on every request (it is stored hashed, with its expiry), so any server instance can serve any
 * request and a revoked token stops working everywhere at once.
 */
public final class Auth {
  static final String PRINCIPAL = "fieldsync.principal";
  static final String TOKEN = "fieldsync.token";

  private final Function<String, Future<Principal>> authenticate;

  /** @param authenticate resolves a bearer token to its user, failing with an {@code auth.*} problem */
  public Auth(Function<String, Future<Principal>> authenticate) {
    this.authenticate = authenticate;
  }

  /** The handler enforcing {@code access}. */
  public Handler<RoutingContext> check(Access access) {
    return ctx -> {
      if (!access.authenticated()) {
        ctx.next();
        return;
      }
      String header = ctx.request().getHeader("Authorization");
      if (header == null || header.isBlank()) {
        ctx.fail(new Problem(ProblemType.AUTH_REQUIRED,
            "Log in first: send 'Authorization: Bearer <token>' with the token from POST /api/v1/auth/login."));
        return;
      }
      if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
        ctx.fail(new Problem(ProblemType.AUTH_TOKEN_INVALID,
            "The Authorization header must be 'Bearer <token>'."));
        return;
      }
      String token = header.substring(7).trim();
      authenticate.apply(token).onComplete(result -> {
        if (result.failed()) {
          ctx.fail(result.cause());
          return;
        }
        Principal who = result.result();
        if (!access.allows(who)) {
          ctx.fail(Problem.forbidden(who.isDevice()
              ? "A device token is accepted only for sync and questionnaire downloads; log in as a user for this."
              : "This needs " + names(access) + "; you have the role "
                  + who.roles().stream().map(Role::wire).sorted().collect(Collectors.joining(", ")) + "."));
          return;
        }
        ctx.put(PRINCIPAL, who);
        ctx.put(TOKEN, token);
        ctx.next();
      });
    };
  }

  /** The caller of an authenticated route. */
  public static Principal principal(RoutingContext ctx) {
    Principal p = ctx.get(PRINCIPAL);
    if (p == null) {
      throw new IllegalStateException("route has no authentication handler");
    }
    return p;
  }

  /** The bearer token of an authenticated request. */
  public static String token(RoutingContext ctx) {
    return ctx.get(TOKEN);
  }

  private static String names(Access access) {
    if (access.roles().isEmpty()) {
      return "an enrolled tablet's device token";
    }
    return "the role " + access.roles().stream().map(Role::wire).sorted().collect(Collectors.joining(" or "));
  }
}
