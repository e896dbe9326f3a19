package org.fieldsync.server.sync;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.audit.AuditStore;
import org.fieldsync.server.interview.InterviewStore;
import org.fieldsync.server.interview.StoredInterview;
import org.fieldsync.server.assignment.AssignmentView;
import org.fieldsync.server.monitoring.CoverageService;
import org.fieldsync.server.store.GroupWorker;
import org.fieldsync.server.store.Mongo;

/**
 * Stores accepted uploads in groups ({@link GroupWorker}): the revisions of a group in one unordered bulk insert,
 * their audit entries in another, their coverage counts (three bulk writes), then one commit and fsync, and only then each upload learns its outcome. Two store
 * round trips per group instead of two per upload.
 *
 * <p>Each upload learns whether its revision was new; a duplicate (sent before, or a concurrent retry) goes back to
 * the caller, which answers it with the stored receipt. An audit entry is written only for a new revision.
 */
public final class UploadWriter implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UploadWriter.class);
  private record Upload(StoredInterview interview, AssignmentView assignment, double[] gps, AuditEvent event) {}

  private final GroupWorker<Upload, Boolean> groups;

  public UploadWriter(InterviewStore interviews, AuditStore audit, CoverageService coverage, Mongo mongo,
      Vertx vertx) {
    this.groups = new GroupWorker<>("fieldsync-upload-writer", vertx, group -> {
      List<Boolean> inserted = interviews.insertAll(group.stream().map(Upload::interview).toList());
      List<AuditEvent> events = new ArrayList<>();
      List<CoverageService.Arrival> arrivals = new ArrayList<>();
      for (int i = 0; i < group.size(); i++) {
        if (inserted.get(i)) {
          events.add(group.get(i).event());
          arrivals.add(new CoverageService.Arrival(group.get(i).interview(), group.get(i).assignment(),
              group.get(i).gps()));
        }
      }
      audit.appendAll(events);
      try {
        coverage.arrived(arrivals);
      } catch (RuntimeException e) {
        // a coverage failure must not cost an upload its receipt: the interviews are stored, the counts catch up
        // with a rebuild
        LOG.error("Coverage not updated for {} upload(s); run 'fieldsync coverage rebuild' for their survey",
            arrivals.size(), e);
      }
      mongo.flush();
      return inserted;
    });
  }

  /** Stores a revision with its audit entry; completes, once durable, with true (new) or false (stored before). */
  public Future<Boolean> store(StoredInterview interview, AssignmentView assignment, double[] gps,
      AuditEvent event) {
    return groups.submit(new Upload(interview, assignment, gps, event));
  }

  @Override
  public void close() {
    groups.close();
  }
}
