package org.fieldsync.server.sync;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.audit.AuditStore;
import org.fieldsync.server.interview.InterviewStore;
import org.fieldsync.server.interview.StoredInterview;
import org.fieldsync.server.store.Mongo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores accepted uploads in groups: one writer thread takes every upload that is ready, inserts their revisions in
 * one unordered bulk write and their audit entries in another, makes the whole group durable (commit and fsync on
 * the embedded store), and only then completes each upload's future. While it writes, the next group gathers. Two
 * store round trips per group instead of two per upload, and one fsync per group (group commit).
 *
 * <p>Each upload learns whether its revision was new; a duplicate (sent before, or a concurrent retry) goes back to
 * the caller, which answers it with the stored receipt. An audit entry is written only for a new revision.
 */
public final class UploadWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UploadWriter.class);

  private final InterviewStore interviews;
  private final AuditStore audit;
  private final Mongo mongo;
  private final Vertx vertx;
  private final Object lock = new Object();
  private final Thread writer;
  private List<Pending> queue = new ArrayList<>();
  private boolean closed;

  private record Pending(StoredInterview interview, AuditEvent event, Promise<Boolean> promise, Context context) {}

  public UploadWriter(InterviewStore interviews, AuditStore audit, Mongo mongo, Vertx vertx) {
    this.interviews = interviews;
    this.audit = audit;
    this.mongo = mongo;
    this.vertx = vertx;
    this.writer = new Thread(this::run, "fieldsync-upload-writer");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  /** Stores a revision with its audit entry; completes, once durable, with true (new) or false (stored before). */
  public Future<Boolean> store(StoredInterview interview, AuditEvent event) {
    Promise<Boolean> promise = Promise.promise();
    Context context = vertx.getOrCreateContext();
    synchronized (lock) {
      if (closed) {
        return Future.failedFuture(new IllegalStateException("the server is stopping"));
      }
      queue.add(new Pending(interview, event, promise, context));
      lock.notifyAll();
    }
    return promise.future();
  }

  private void run() {
    while (true) {
      List<Pending> batch;
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
      List<Boolean> inserted = null;
      Throwable failure = null;
      try {
        inserted = interviews.insertAll(batch.stream().map(Pending::interview).toList());
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
          if (inserted.get(i)) {
            events.add(batch.get(i).event());
          }
        }
        audit.appendAll(events);
        mongo.flush();
      } catch (RuntimeException e) {
        LOG.error("Could not store a group of {} uploads", batch.size(), e);
        failure = e;
      }
      for (int i = 0; i < batch.size(); i++) {
        Pending p = batch.get(i);
        Throwable f = failure;
        boolean isNew = f == null && inserted.get(i);
        p.context().runOnContext(v -> {
          if (f == null) {
            p.promise().complete(isNew);
          } else {
            p.promise().fail(f);
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
      writer.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
