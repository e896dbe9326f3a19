package org.fieldsync.server.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.fieldsync.server.config.FieldsyncConfig;
import org.fieldsync.server.store.embedded.EmbeddedBackend;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to MongoDB, and when no URI is configured the embedded store it connects to.
 *
 * <p>Embedded: a mongo-java-server with its H2 MVStore backend, in a file under the data directory, listening on
 * loopback only; the server talks to it with the same driver, over the same wire protocol, as to a real MongoDB.
 * The embedded store has no transactions and ignores write concerns, partial indexes, collation and
 * {@code $jsonSchema}: nothing in fieldsync depends on them (single-document atomic writes, unique indexes,
 * idempotent upserts). With a real MongoDB, writes use majority write concern with journaling.
 */
public final class Mongo implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Mongo.class);

  private final MongoClient client;
  private final MongoDatabase database;
  private final MongoServer embedded;
  private final MVStore mvStore;
  private String embeddedUri;

  private Mongo(MongoClient client, MongoDatabase database, MongoServer embedded, MVStore mvStore) {
    this.client = client;
    this.database = database;
    this.embedded = embedded;
    this.mvStore = mvStore;
  }

  /** Connects to the configured MongoDB, or starts the embedded store first. */
  public static Mongo open(FieldsyncConfig.Store config) {
    if (!config.embedded()) {
      MongoClientSettings settings = MongoClientSettings.builder()
          .applyConnectionString(new ConnectionString(config.mongodbUri()))
          .writeConcern(WriteConcern.MAJORITY.withJournal(true))
          .readConcern(ReadConcern.MAJORITY)
          .build();
      MongoClient client = MongoClients.create(settings);
      LOG.info("Using MongoDB at {} (database {})", redact(config.mongodbUri()), config.database());
      return new Mongo(client, client.getDatabase(config.database()), null, null);
    }
    Path dir = config.dataDir().toAbsolutePath();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the data directory " + dir, e);
    }
    Path file = dir.resolve("fieldsync.mv.db");
    MVStore mvStore = new MVStore.Builder().fileName(file.toString()).open();
    // Opening rebuilds the backend's indexes by iterating every document of every collection while it writes: on a
    // large file that takes longer than any retention time, and a chunk the iteration still reads must not be reused
    // meanwhile ("Chunk … not found"). So no chunk is reused until the backend is open.
    mvStore.setRetentionTime(Integer.MAX_VALUE);
    EmbeddedBackend backend;
    try {
      backend = EmbeddedBackend.open(mvStore);
    } catch (IllegalStateException e) {
      mvStore.close();
      throw new IllegalStateException(file + ": " + e.getMessage(), e);
    }
    // Then every commit that matters is followed by an fsync (Durability), so old chunks need not be kept for 45 s
    // (the default) before their space is reused: under a steady upload load that default grows the file by ~45 s
    // of writes. Queries read at most a page of documents each, well within a second.
    mvStore.setRetentionTime(1000);
    MongoServer server = new MongoServer(backend);
    server.bind("127.0.0.1", 0);
    InetSocketAddress address = server.getLocalAddress();
    String uri = "mongodb://127.0.0.1:" + address.getPort();
    MongoClient client = MongoClients.create(MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(uri))
        .applyToClusterSettings(b -> b.serverSelectionTimeout(5, TimeUnit.SECONDS))
        .build());
    LOG.info("Started the embedded store on {} with its data in {}", uri, file);
    Mongo mongo = new Mongo(client, client.getDatabase(config.database()), server, mvStore);
    mongo.embeddedUri = uri;
    return mongo;
  }

  /**
   * The loopback address of the embedded store (null with a real MongoDB): another server instance on this machine
   * can share the store through it, as instances share a replica set.
   */
  public String embeddedUri() {
    return embeddedUri;
  }

  public MongoDatabase db() {
    return database;
  }

  public boolean embedded() {
    return embedded != null;
  }

  /** True when the store answers a ping. */
  public boolean ping() {
    try {
      database.runCommand(new Document("ping", 1));
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Makes every write acknowledged so far durable. The embedded store's H2 backend commits in the background, so
   * an acknowledged write could be lost on a crash until this runs; a real MongoDB already journals with the
   * majority write concern, so this does nothing there.
   */
  public void flush() {
    if (mvStore != null) {
      synchronized (mvStore) {
        mvStore.commit();
        mvStore.sync();
      }
    }
  }

  @Override
  public void close() {
    client.close();
    if (embedded != null) {
      embedded.shutdown();
    }
    if (mvStore != null && !mvStore.isClosed()) {
      mvStore.close();
    }
  }

  private static String redact(String uri) {
    return uri.replaceAll("//[^@/]*@", "//***@");
  }
}
