package org.fieldsync.server.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Collections;

/**
 * Makes acknowledged writes durable before an answer leaves the server, with group commit.
 *
 * <p>The embedded store's H2 MVStore commits in the background, so a write it acknowledged can be lost if the
 * process is killed. {@link #await()} completes after a commit and fsync that <em>started after the call</em>, so
 * every write made before the call is on disk; waiters that arrive while a sync runs share the next one
 * ({@link GroupWorker}). With a real MongoDB the writes already used {@code w: majority, j: true}: the future is
 * complete at once.
 */
public final class Durability implements AutoCloseable {
  private final GroupWorker<Boolean, Void> syncs;

  public Durability(Mongo mongo, Vertx vertx) {
    this.syncs = mongo.embedded() ? new GroupWorker<>("fieldsync-durability", vertx, group -> {
      mongo.flush();
      return Collections.nCopies(group.size(), null);
    }) : null;
  }

  /** Completes once every write made before this call is durable. */
  public Future<Void> await() {
    return syncs == null ? Future.succeededFuture() : syncs.submit(Boolean.TRUE);
  }

  @Override
  public void close() {
    if (syncs != null) {
      syncs.close();
    }
  }
}
