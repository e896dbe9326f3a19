package org.fieldsync.server.account;

import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.fieldsync.server.account.Role.ADMIN;
import static org.fieldsync.server.account.Role.MANAGER;
import static org.fieldsync.server.http.Api.respond;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.fieldsync.server.http.Access;
import org.fieldsync.server.http.Api;
import org.fieldsync.server.http.Auth;
import org.fieldsync.server.http.JsonRequest;

/**
 * Login, logout and user administration. Logging in is public; users are managed by admins and listed by admins
 * and managers (who build teams from them).
 */
public final class AccountRoutes {
  private final AccountService accounts;

  public AccountRoutes(AccountService accounts) {
    this.accounts = accounts;
  }

  public void mount(Api api) {
    api.route(POST, "/api/v1/auth/login", Access.PUBLIC, respond(200, this::login));
    api.route(POST, "/api/v1/auth/logout", Access.ANY_USER,
        respond(204, ctx -> accounts.logout(Auth.principal(ctx), Auth.token(ctx))));
    api.route(GET, "/api/v1/auth/me", Access.ANY_USER, respond(200, ctx -> accounts.me(Auth.principal(ctx))));
    api.route(GET, "/api/v1/users", Access.roles(ADMIN, MANAGER), respond(200, ctx -> accounts.list()));
    api.route(POST, "/api/v1/users", Access.roles(ADMIN), respond(201, this::create));
    api.route(GET, "/api/v1/users/:id", Access.roles(ADMIN, MANAGER),
        respond(200, ctx -> accounts.get(ctx.pathParam("id"))));
    api.route(PATCH, "/api/v1/users/:id", Access.roles(ADMIN), respond(200, this::update));
    api.route(POST, "/api/v1/users/:id/revoke-tokens", Access.roles(ADMIN),
        respond(200, ctx -> accounts.revokeTokens(Auth.principal(ctx), ctx.pathParam("id"))
            .map(n -> new JsonObject().put("revoked", n))));
  }

  private Future<LoginResult> login(RoutingContext ctx) {
    JsonRequest in = JsonRequest.of(ctx);
    String username = in.string("username", true, 1, 64);
    String password = in.string("password", true, 1, 1024);
    in.done();
    return accounts.login(username, password, Api.clientAddress(ctx));
  }

  private Future<UserView> create(RoutingContext ctx) {
    JsonRequest in = JsonRequest.of(ctx);
    String username = in.matching("username", true, AccountService.USERNAME,
        "must be 3 to 64 characters: lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
    String displayName = in.string("displayName", false, 1, 200);
    String password = password(in, true);
    List<Role> roles = in.list("roles", true, 1, Role::fromWire, roleRule());
    in.done();
    return accounts.create(Auth.principal(ctx), username, displayName, password, EnumSet.copyOf(roles));
  }

  private Future<UserView> update(RoutingContext ctx) {
    JsonRequest in = JsonRequest.of(ctx);
    for (String field : in.raw().fieldNames()) {
      if (!List.of("displayName", "roles", "disabled", "password").contains(field)) {
        in.error(field, "cannot be changed (allowed: displayName, roles, disabled, password)");
      }
    }
    String displayName = in.string("displayName", false, 1, 200);
    List<Role> roles = in.list("roles", false, 1, Role::fromWire, roleRule());
    Boolean disabled = in.bool("disabled", false);
    String password = password(in, false);
    in.done();
    Set<Role> roleSet = roles == null ? null : EnumSet.copyOf(roles);
    return accounts.update(Auth.principal(ctx), ctx.pathParam("id"), displayName, roleSet, disabled, password);
  }

  private static String password(JsonRequest in, boolean required) {
    return in.string("password", required, AccountService.MIN_PASSWORD, 1024);
  }

  private static String roleRule() {
    return "must be one of " + String.join(", ",
        EnumSet.allOf(Role.class).stream().map(Role::wire).toList());
  }

}
