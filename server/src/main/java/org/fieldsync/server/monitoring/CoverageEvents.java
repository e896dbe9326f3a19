package org.fieldsync.server.monitoring;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.fieldsync.server.store.Blocking;

/**
 * Live coverage updates as server-sent events. Every second, for the surveys someone is watching, the survey's
 * coverage version is read from the store (and at once for a new watcher, which first gets the current version) — so an upload counted by another server instance sharing the store is
 * seen too — and each watcher whose version is behind gets {@code event: coverage} with the new version. A comment
 * line every 15 s keeps proxies from closing an idle stream.
 */
public final class CoverageEvents implements AutoCloseable {
  private static final long POLL_MS = 1000;
  private static final long KEEP_ALIVE_MS = 15_000;

  private final Vertx vertx;
  private final CoverageStore store;
  private final Blocking blocking;
  /** Per survey, each watcher and the last version it was sent (-1 before the first). */
  private final Map<String, Map<HttpServerResponse, Long>> watchers = new ConcurrentHashMap<>();
  private final long poll;
  private final long keepAlive;
  private boolean polling;

  public CoverageEvents(Vertx vertx, CoverageStore store, Blocking blocking) {
    this.vertx = vertx;
    this.store = store;
    this.blocking = blocking;
    this.poll = vertx.setPeriodic(POLL_MS, id -> poll());
    this.keepAlive = vertx.setPeriodic(KEEP_ALIVE_MS, id -> watchers.values().forEach(set -> set.keySet()
        .forEach(r -> r.write(": keep-alive\n\n"))));
  }

  /** Starts an event stream on a response; it ends when the client goes away. */
  public void watch(String surveyId, HttpServerResponse response) {
    response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
    Map<HttpServerResponse, Long> set = watchers.computeIfAbsent(surveyId, k -> new ConcurrentHashMap<>());
    set.put(response, -1L);
    response.closeHandler(v -> set.remove(response));
    response.exceptionHandler(e -> set.remove(response));
    poll();
  }

  private void poll() {
    if (polling) {
      return;
    }
    List<String> surveys = watchers.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey)
        .toList();
    if (surveys.isEmpty()) {
      return;
    }
    polling = true;
    blocking.run(() -> store.versions(surveys)).onComplete(r -> {
      polling = false;
      if (r.failed()) {
        return;
      }
      for (String survey : surveys) {
        long version = r.result().getOrDefault(survey, 0L);
        watchers.getOrDefault(survey, Map.of()).replaceAll((w, sent) -> {
          if (sent != version) {
            w.write(event(version));
          }
          return version;
        });
      }
    });
  }

  private static String event(long version) {
    return "event: coverage\ndata: " + new JsonObject().put("version", version).encode() + "\n\n";
  }

  @Override
  public void close() {
    vertx.cancelTimer(poll);
    vertx.cancelTimer(keepAlive);
  }
}
