package org.fieldsync.server.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one thread takes every item submitted so far as one group, does the group's work (typically some
 * writes and one fsync), then completes each item's future with its result on the caller's context. While it works,
 * the next group gathers, so the fixed cost of the work (an fsync, a round trip) is shared by all the items that
 * arrived meanwhile.
 *
 * @param <T> what is submitted
 * @param <R> each item's result
 */
public final class GroupWorker<T, R> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroupWorker.class);

  private final Vertx vertx;
  private final Function<List<T>, List<R>> work;
  private final Object lock = new Object();
  private final Thread thread;
  private List<Entry<T, R>> queue = new ArrayList<>();
  private boolean closed;

  private record Entry<T, R>(T item, Promise<R> promise, Context context) {}

  /** @param work does a group's work and returns one result per item, in order; may throw to fail the group */
  public GroupWorker(String name, Vertx vertx, Function<List<T>, List<R>> work) {
    this.vertx = vertx;
    this.work = work;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Completes with the item's result once the group it joined has been worked. */
  public Future<R> submit(T item) {
    Promise<R> promise = Promise.promise();
    Context context = vertx.getOrCreateContext();
    synchronized (lock) {
      if (closed) {
        return Future.failedFuture(new IllegalStateException(thread.getName() + " is stopping"));
      }
      queue.add(new Entry<>(item, promise, context));
      lock.notifyAll();
    }
    return promise.future();
  }

  private void run() {
    while (true) {
      List<Entry<T, R>> group;
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
        group = queue;
        queue = new ArrayList<>();
      }
      List<R> results = null;
      Throwable failure = null;
      try {
        results = work.apply(group.stream().map(Entry::item).toList());
      } catch (Throwable e) { // even an Error fails only this group: later callers must not hang
        LOG.error("{}: a group of {} failed", thread.getName(), group.size(), e);
        failure = e;
      }
      for (int i = 0; i < group.size(); i++) {
        Entry<T, R> entry = group.get(i);
        Throwable f = failure;
        R result = f == null ? results.get(i) : null;
        entry.context().runOnContext(v -> {
          if (f == null) {
            entry.promise().complete(result);
          } else {
            entry.promise().fail(f);
          }
        });
      }
    }
  }

  /** Finishes the group being worked, then stops. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
