package org.fieldsync.server.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;

/** Runs blocking store work (the synchronous MongoDB driver) on Vert.x worker threads, unordered. */
public final class Blocking {
  private final Vertx vertx;

  public Blocking(Vertx vertx) {
    this.vertx = vertx;
  }

  public <T> Future<T> run(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
