package org.fieldsync.server.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The server's whole configuration, immutable and validated. Built once by {@link ConfigLoader} from defaults, an
 * optional JSON file and the environment; passed to features through their constructors.
 */
public record FieldsyncConfig(Http http, Store store, Auth auth, Sampling sampling, Sync sync, Keys keys,
    Monitoring monitoring, Export export) {

  /** HTTP listener. {@code tls} is null when TLS is terminated by a reverse proxy (or not used). */
  public record Http(String host, int port, Tls tls, long maxBodyBytes, boolean trustProxy, String publicUrl) {}

  /** PEM files for the server to terminate TLS itself. */
  public record Tls(Path certPath, Path keyPath) {}

  /**
   * Storage. {@code mongodbUri} null means: start the embedded MongoDB-wire-compatible store with its H2 file in
   * {@code dataDir}.
   */
  public record Store(String mongodbUri, String database, Path dataDir) {
    public boolean embedded() {
      return mongodbUri == null;
    }
  }

  /** Accounts: bearer-token lifetime and the Argon2id cost recorded with every new password hash. */
  public record Auth(Duration tokenTtl, int argon2MemoryKiB, int argon2Iterations, int argon2Parallelism) {}

  /** Sample planning: the largest census frame accepted in one upload. */
  public record Sampling(long maxFrameBytes) {}

  /** Tablet sync: the largest envelope accepted. */
  public record Sync(long maxEnvelopeBytes) {}

  /**
   * Where the key-encryption key (KEK) that wraps the survey and server private keys comes from: a base64 secret,
   * a key file, or a passphrase (stretched with Argon2id). All null: the embedded store creates a key file in its data
   * directory; a real MongoDB refuses to start.
   */
  public record Keys(String kek, java.nio.file.Path kekFile, String passphrase) {}

  /**
   * Coverage alerts (docs/monitoring.md): the control group lagging the migrant groups by more than
   * {@code controlGapPercent} points of completion; EAs with work left and no activity for {@code inactiveDays};
   * interviews shorter than {@code shortInterviewPercent} % of their enumerator's median; GPS points more than
   * {@code gpsMaxKm} from their EA's centroid (when the frame gives centroids).
   */
  public record Monitoring(int controlGapPercent, int inactiveDays, int shortInterviewPercent, int gpsMaxKm) {}

  /**
   * Analyst exports (docs/export.md): the directory the zips are written to (shared by all instances when there are
   * several), how long a finished export is kept, and how many threads open interviews during an export.
   */
  public record Export(Path dir, Duration retention, int threads, int readers) {}
}
