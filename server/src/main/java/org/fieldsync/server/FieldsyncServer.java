package org.fieldsync.server;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.jackson.DatabindCodec;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Clock;
import java.util.List;
import org.fieldsync.server.account.AccountRoutes;
import org.fieldsync.server.account.AccountService;
import org.fieldsync.server.account.MongoAccountStore;
import org.fieldsync.server.audit.AuditLog;
import org.fieldsync.server.audit.AuditRoutes;
import org.fieldsync.server.audit.MongoAuditStore;
import org.fieldsync.server.config.FieldsyncConfig;
import org.fieldsync.server.export.ExportRoutes;
import org.fieldsync.server.export.ExportService;
import org.fieldsync.server.http.Api;
import org.fieldsync.server.http.Auth;
import org.fieldsync.server.http.FailureHandler;
import org.fieldsync.server.questionnaire.MongoQuestionnaireStore;
import org.fieldsync.server.questionnaire.QuestionnaireRoutes;
import org.fieldsync.server.questionnaire.QuestionnaireService;
import org.fieldsync.server.assignment.MongoAssignmentStore;
import org.fieldsync.server.sampling.MongoSamplingStore;
import org.fieldsync.server.sampling.SamplingRoutes;
import org.fieldsync.server.sampling.SamplingService;
import org.fieldsync.server.interview.MongoInterviewStore;
import org.fieldsync.server.store.Durability;
import org.fieldsync.server.store.Throttle;
import org.fieldsync.server.sync.ChangeLog;
import org.fieldsync.server.sync.KeyEncryptionKey;
import org.fieldsync.server.sync.MongoSyncStore;
import org.fieldsync.server.sync.SyncKeys;
import org.fieldsync.server.sync.SyncRoutes;
import org.fieldsync.server.sync.SyncService;
import org.fieldsync.server.sync.UploadWriter;
import org.fieldsync.server.review.ReviewRoutes;
import org.fieldsync.server.review.ReviewService;
import org.fieldsync.server.monitoring.CoverageEvents;
import org.fieldsync.server.monitoring.CoverageService;
import org.fieldsync.server.monitoring.MonitoringRoutes;
import io.vertx.ext.web.handler.StaticHandler;
import org.fieldsync.server.monitoring.MongoCoverageStore;
import org.fieldsync.server.store.Blocking;
import org.fieldsync.server.store.Mongo;
import org.fieldsync.server.survey.MongoSurveyStore;
import org.fieldsync.server.survey.SurveyRoutes;
import org.fieldsync.server.survey.SurveyService;
import org.fieldsync.server.system.SystemRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: opens the store, creates indexes, builds the services and the route table, and listens.
 * Holds no state that must be correct across instances: everything lives in the store.
 */
public final class FieldsyncServer implements AutoCloseable {
  public static final String VERSION = "0.1.0";
  private static final Logger LOG = LoggerFactory.getLogger(FieldsyncServer.class);

  static {
    DatabindCodec.mapper().registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  }

  /** The services, for the CLI and the demo, which act as the system user outside HTTP. */
  public record Services(AccountService accounts, SurveyService surveys, QuestionnaireService questionnaires,
      SamplingService sampling, SyncService sync, ReviewService review, CoverageService coverage, AuditLog audit,
      Durability durability, ExportService exports) {}

  private final Vertx vertx;
  private final Mongo mongo;
  private final HttpServer http;
  private final Services services;
  private final List<Api.Endpoint> endpoints;

  private FieldsyncServer(Vertx vertx, Mongo mongo, HttpServer http, Services services,
      List<Api.Endpoint> endpoints) {
    this.vertx = vertx;
    this.mongo = mongo;
    this.http = http;
    this.services = services;
    this.endpoints = endpoints;
  }

  /** Builds the services on an open store, without HTTP (the CLI's offline commands use this). */
  public static Services services(Vertx vertx, Mongo mongo, FieldsyncConfig config, Clock clock) {
    Blocking blocking = new Blocking(vertx);
    var auditStore = new MongoAuditStore(mongo);
    var accountStore = new MongoAccountStore(mongo);
    var surveyStore = new MongoSurveyStore(mongo);
    var questionnaireStore = new MongoQuestionnaireStore(mongo);
    var samplingStore = new MongoSamplingStore(mongo);
    var assignmentStore = new MongoAssignmentStore(mongo);
    var syncStore = new MongoSyncStore(mongo);
    var interviewStore = new MongoInterviewStore(mongo);
    var coverageStore = new MongoCoverageStore(mongo);
    coverageStore.ensureIndexes();
    syncStore.ensureIndexes();
    interviewStore.ensureIndexes();
    auditStore.ensureIndexes();
    samplingStore.ensureIndexes();
    assignmentStore.ensureIndexes();
    accountStore.ensureIndexes();
    surveyStore.ensureIndexes();
    questionnaireStore.ensureIndexes();
    AuditLog audit = new AuditLog(auditStore, clock);
    Throttle throttle = new Throttle(mongo, clock, java.time.Duration.ofMinutes(15));
    throttle.ensureIndexes();
    QuestionnaireService questionnaires = new QuestionnaireService(questionnaireStore, audit, blocking, clock);
    ChangeLog changes = new ChangeLog(syncStore, clock);
    SyncKeys keys = new SyncKeys(syncStore, KeyEncryptionKey.open(config, mongo), clock);
    Durability durability = new Durability(mongo, vertx);
    keys.serverKey(); // created (if new) and made durable before any receipt is signed with it
    mongo.flush();
    ExportService exports = new ExportService(mongo, assignmentStore, interviewStore, keys, syncStore, samplingStore,
        surveyStore, questionnaires, audit, blocking, clock, new ExportService.Settings(config.export().dir(),
            config.export().retention(), config.export().threads(), config.export().readers()));
    exports.ensureIndexes();
    CoverageService coverage = new CoverageService(coverageStore, samplingStore, surveyStore, assignmentStore,
        interviewStore, config.monitoring(), blocking, clock);
    return new Services(
        new AccountService(accountStore, audit, blocking, clock, config.auth(), throttle,
            userId -> syncStore.revokeDevicesOf(userId, clock.instant(), "system", "account disabled")),
        new SurveyService(surveyStore, accountStore, audit, blocking, clock),
        questionnaires,
        new SamplingService(samplingStore, assignmentStore, changes, surveyStore, questionnaires, audit, blocking,
            clock, coverage::assigned),
        new SyncService(syncStore, interviewStore, assignmentStore, surveyStore, accountStore, questionnaires, keys,
            changes, audit, blocking, durability, new UploadWriter(interviewStore, auditStore, coverage, mongo, vertx),
            throttle, clock, coverage::synced),
        new ReviewService(interviewStore, syncStore, keys, changes, surveyStore, audit, blocking, clock, coverage,
            questionnaires, durability),
        coverage, audit, durability, exports);
  }

  /** Starts the server and blocks until it listens. */
  public static FieldsyncServer start(FieldsyncConfig config) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    Mongo mongo = null;
    CoverageEvents events = null;
    try {
      mongo = Mongo.open(config.store());
      Services services = services(vertx, mongo, config, Clock.systemUTC());

      Router router = Router.router(vertx);
      FailureHandler failures = new FailureHandler(config.sync().maxEnvelopeBytes());
      router.route().handler(ctx -> {
        ctx.response().putHeader("X-Content-Type-Options", "nosniff").putHeader("X-Frame-Options", "DENY")
            .putHeader("Referrer-Policy", "no-referrer");
        ctx.next();
      });
      router.route().failureHandler(failures);
      for (int status : new int[] {404, 405, 413, 415}) {
        router.errorHandler(status, failures);
      }
      // a bearer token is a user's session or an enrolled tablet's device token
      Auth auth = new Auth(token -> token.startsWith(SyncService.DEVICE_TOKEN_PREFIX)
          ? services.sync().authenticateDevice(token) : services.accounts().authenticate(token));
      Api api = new Api(router, auth, config.http().maxBodyBytes());
      api.durability(services.durability()::await);
      api.trustProxy(config.http().trustProxy());
      new SystemRoutes(mongo, new Blocking(vertx), registry, VERSION).mount(api);
      new AccountRoutes(services.accounts()).mount(api);
      new AuditRoutes(services.audit().store(), new Blocking(vertx)).mount(api);
      new SurveyRoutes(services.surveys()).mount(api);
      new QuestionnaireRoutes(services.questionnaires()).mount(api);
      new SamplingRoutes(services.sampling(), config.sampling().maxFrameBytes()).mount(api);
      new SyncRoutes(services.sync(), config.sync().maxEnvelopeBytes(), config.http().publicUrl()).mount(api);
      new ReviewRoutes(services.review()).mount(api);
      events = new CoverageEvents(vertx, services.coverage().store(), new Blocking(vertx));
      new MonitoringRoutes(services.coverage(), events, new Blocking(vertx)).mount(api);
      new ExportRoutes(services.exports()).mount(api);
      vertx.setPeriodic(1_000, 10 * 60_000, t -> vertx.executeBlocking(services.exports()::sweep, false));
      // the supervisor web page: static files from the jar, no CDN
      router.route("/ui/*").handler(StaticHandler.create("webroot").setMaxAgeSeconds(60));
      router.get("/").handler(ctx -> ctx.redirect("/ui/"));

      HttpServerOptions options = new HttpServerOptions()
          .setHost(config.http().host())
          .setPort(config.http().port())
          .setCompressionSupported(true);
      if (config.http().tls() != null) {
        options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
            .setCertPath(config.http().tls().certPath().toString())
            .setKeyPath(config.http().tls().keyPath().toString()));
      }
      HttpServer http = vertx.createHttpServer(options).requestHandler(router)
          .listen().toCompletionStage().toCompletableFuture().join();
      LOG.info("fieldsync {} listening on {}://{}:{}", VERSION, config.http().tls() == null ? "http" : "https",
          config.http().host(), http.actualPort());
      return new FieldsyncServer(vertx, mongo, http, services, api.endpoints());
    } catch (RuntimeException e) {
      if (events != null) {
        events.close();
      }
      if (mongo != null) {
        mongo.close();
      }
      vertx.close();
      throw e;
    }
  }

  public int port() {
    return http.actualPort();
  }

  public Services services() {
    return services;
  }

  public Mongo mongo() {
    return mongo;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Every endpoint with its declared access, as mounted. */
  public List<Api.Endpoint> endpoints() {
    return endpoints;
  }

  @Override
  public void close() {
    http.close().toCompletionStage().toCompletableFuture().join();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    services.sync().close();
    services.exports().close();
    services.durability().close();
    mongo.close();
  }
}
