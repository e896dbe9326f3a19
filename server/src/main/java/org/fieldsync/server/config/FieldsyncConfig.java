package org.fieldsync.server.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The server's whole configuration, immutable and validated. Built once by {@link ConfigLoader} from defaults, an
 * optional JSON file and the environment; passed to features through their constructors.
 */
public record FieldsyncConfig(Http http, Store store, Auth auth, Sampling sampling) {

  /** HTTP listener. {@code tls} is null when TLS is terminated by a reverse proxy (or not used). */
  public record Http(String host, int port, Tls tls, long maxBodyBytes, boolean trustProxy) {}

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
}
