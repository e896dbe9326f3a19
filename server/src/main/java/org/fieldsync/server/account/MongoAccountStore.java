package org.fieldsync.server.account;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.fieldsync.server.store.Mongo;
import org.fieldsync.server.store.StoreErrors;

/** Users in {@code users} (unique username), tokens in {@code tokens} keyed by their hash. */
public final class MongoAccountStore implements AccountStore {
  private final MongoCollection<Document> users;
  private final MongoCollection<Document> tokens;

  public MongoAccountStore(Mongo mongo) {
    this.users = mongo.db().getCollection("users");
    this.tokens = mongo.db().getCollection("tokens");
  }

  @Override
  public void ensureIndexes() {
    users.createIndex(Indexes.ascending("username"), new IndexOptions().unique(true));
    tokens.createIndex(Indexes.ascending("userId"));
    // Expired tokens are refused by findTokenUser; on a real MongoDB this TTL index also deletes them.
    tokens.createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, TimeUnit.SECONDS));
  }

  @Override
  public boolean insertUser(User user) {
    return StoreErrors.insertIfAbsent(users, new Document("_id", user.id())
        .append("username", user.username())
        .append("displayName", user.displayName())
        .append("roles", user.roles().stream().map(Role::wire).sorted().toList())
        .append("passwordHash", user.passwordHash())
        .append("disabled", user.disabled())
        .append("createdAt", Date.from(user.createdAt())));
  }

  @Override
  public Optional<User> findByUsername(String username) {
    return Optional.ofNullable(users.find(eq("username", username)).first()).map(MongoAccountStore::toUser);
  }

  @Override
  public Optional<User> findById(String id) {
    return Optional.ofNullable(users.find(eq("_id", id)).first()).map(MongoAccountStore::toUser);
  }

  @Override
  public List<User> listUsers() {
    List<User> out = new ArrayList<>();
    users.find().sort(Sorts.ascending("username")).forEach(d -> out.add(toUser(d)));
    return out;
  }

  @Override
  public Optional<User> updateUser(String id, String displayName, Set<Role> roles, Boolean disabled,
      String passwordHash) {
    List<Bson> updates = new ArrayList<>();
    if (displayName != null) {
      updates.add(Updates.set("displayName", displayName));
    }
    if (roles != null) {
      updates.add(Updates.set("roles", roles.stream().map(Role::wire).sorted().toList()));
    }
    if (disabled != null) {
      updates.add(Updates.set("disabled", disabled));
    }
    if (passwordHash != null) {
      updates.add(Updates.set("passwordHash", passwordHash));
    }
    if (!updates.isEmpty()) {
      users.updateOne(eq("_id", id), Updates.combine(updates));
    }
    return findById(id);
  }

  @Override
  public void insertToken(String tokenHash, String userId, Instant createdAt, Instant expiresAt) {
    tokens.insertOne(new Document("_id", tokenHash)
        .append("userId", userId)
        .append("createdAt", Date.from(createdAt))
        .append("expiresAt", Date.from(expiresAt)));
  }

  @Override
  public Optional<String> findTokenUser(String tokenHash, Instant now) {
    // by _id alone, expiry checked here: the embedded store scans the collection for any other filter
    Document d = tokens.find(eq("_id", tokenHash)).first();
    return Optional.ofNullable(d).filter(doc -> doc.getDate("expiresAt").toInstant().isAfter(now))
        .map(doc -> doc.getString("userId"));
  }

  @Override
  public boolean revokeToken(String tokenHash) {
    return tokens.deleteOne(eq("_id", tokenHash)).getDeletedCount() > 0;
  }

  @Override
  public long revokeTokensOf(String userId) {
    return tokens.deleteMany(eq("userId", userId)).getDeletedCount();
  }

  private static User toUser(Document d) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : d.getList("roles", String.class, List.of())) {
      Role role = Role.fromWire(r);
      if (role != null) {
        roles.add(role);
      }
    }
    return new User(d.getString("_id"), d.getString("username"), d.getString("displayName"), Set.copyOf(roles),
        d.getString("passwordHash"), d.getBoolean("disabled", false), d.getDate("createdAt").toInstant());
  }
}
