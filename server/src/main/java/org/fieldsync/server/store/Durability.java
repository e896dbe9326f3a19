package org.fieldsync.server.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes acknowledged writes durable before a receipt leaves the server, with group commit.
 *
 * <p>The embedded store's H2 MVStore commits in the background, so a write it acknowledged can be lost if the
 * process is killed. {@link #await()} returns a future that completes after a commit and fsync that <em>started after
 * the call</em>, so every write made before the call is on disk. One flusher thread serves all waiters: while it
 * syncs, new waiters queue up and share the next sync, so the cost of an fsync is spread over every upload that
 * arrived meanwhile. With a real MongoDB the writes already used {@code w: majority, j: true}: the future is
 * complete at once.
 */
public final class Durability implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Durability.class);

  private final Mongo mongo;
  private final Vertx vertx;
  private final Object lock = new Object();
  private List<Waiter> queue = new ArrayList<>();
  private boolean closed;
  private final Thread flusher;

  private record Waiter(Promise<Void> promise, Context context) {}

  public Durability(Mongo mongo, Vertx vertx) {
    this.mongo = mongo;
    this.vertx = vertx;
    this.flusher = new Thread(this::run, "fieldsync-durability");
    this.flusher.setDaemon(true);
    if (mongo.embedded()) {
      flusher.start();
    }
  }

  /** Completes once every write made before this call is durable. */
  public Future<Void> await() {
    if (!mongo.embedded()) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    Context context = vertx.getOrCreateContext();
    synchronized (lock) {
      if (closed) {
        return Future.failedFuture(new IllegalStateException("the store is closing"));
      }
      queue.add(new Waiter(promise, context));
      lock.notifyAll();
    }
    return promise.future();
  }

  private void run() {
    while (true) {
      List<Waiter> batch;
      synchronized (lock) {
        while (queue.isEmpty() && !closed) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (queue.isEmpty()) {
          return;
        }
        batch = queue;
        queue = new ArrayList<>();
      }
      Throwable failure = null;
      try {
        mongo.flush();
      } catch (RuntimeException e) {
        LOG.error("Could not make writes durable", e);
        failure = e;
      }
      for (Waiter w : batch) {
        Throwable f = failure;
        w.context().runOnContext(v -> {
          if (f == null) {
            w.promise().complete();
          } else {
            w.promise().fail(f);
          }
        });
      }
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      flusher.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
