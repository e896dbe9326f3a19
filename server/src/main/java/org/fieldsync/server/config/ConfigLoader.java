package org.fieldsync.server.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds {@link FieldsyncConfig} from, in increasing precedence: defaults in code, a JSON file, environment
 * variables. Each setting has a dotted name ({@code http.port}), a file location (the same path as nested JSON
 * objects) and an environment variable ({@code FIELDSYNC_HTTP_PORT}; the store URI is also read from the conventional
 * {@code MONGODB_URI}). All problems are reported at once, naming the setting and where its value came from.
 */
public final class ConfigLoader {

  /** Every setting: name, default (null: unset). The order is the documented order. */
  static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("http.host", "0.0.0.0");
    DEFAULTS.put("http.port", "8080");
    DEFAULTS.put("http.tls.cert", null);
    DEFAULTS.put("http.tls.key", null);
    DEFAULTS.put("http.max-body-bytes", String.valueOf(10L * 1024 * 1024));
    DEFAULTS.put("http.trust-proxy", "false");
    DEFAULTS.put("http.public-url", null);
    DEFAULTS.put("store.mongodb-uri", null);
    DEFAULTS.put("store.database", "fieldsync");
    DEFAULTS.put("store.data-dir", "fieldsync-data");
    DEFAULTS.put("auth.token-ttl", "PT12H");
    DEFAULTS.put("auth.argon2.memory-kib", "19456");
    DEFAULTS.put("auth.argon2.iterations", "2");
    DEFAULTS.put("auth.argon2.parallelism", "1");
    DEFAULTS.put("sampling.max-frame-bytes", String.valueOf(256L * 1024 * 1024));
    DEFAULTS.put("monitoring.control-gap-percent", "25");
    DEFAULTS.put("monitoring.inactive-days", "3");
    DEFAULTS.put("monitoring.short-interview-percent", "50");
    DEFAULTS.put("monitoring.gps-max-km", "5");
    DEFAULTS.put("export.dir", null);
    DEFAULTS.put("export.retention-hours", "24");
    DEFAULTS.put("export.threads", "0");
    DEFAULTS.put("export.readers", "2");
    DEFAULTS.put("sync.max-envelope-bytes", String.valueOf(10L * 1024 * 1024));
    DEFAULTS.put("keys.kek", null);
    DEFAULTS.put("keys.kek-file", null);
    DEFAULTS.put("keys.passphrase", null);
  }

  private ConfigLoader() {}

  /** The environment variable for a setting: {@code http.max-body-bytes} → {@code FIELDSYNC_HTTP_MAX_BODY_BYTES}. */
  public static String envName(String setting) {
    return "FIELDSYNC_" + setting.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /**
   * Loads the configuration.
   *
   * @param file a JSON file, or null for none
   * @param env the environment (normally {@code System.getenv()})
   * @param overrides last-word values by setting name (used by the CLI's flags and by tests)
   * @throws ConfigException naming every bad setting
   */
  public static FieldsyncConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
    Map<String, String> source = new LinkedHashMap<>();
    DEFAULTS.keySet().forEach(k -> source.put(k, "default"));
    List<String> problems = new ArrayList<>();

    if (file != null) {
      readFile(file, values, source, problems);
    }
    for (String setting : DEFAULTS.keySet()) {
      String value = env.get(envName(setting));
      if (value != null) {
        values.put(setting, value);
        source.put(setting, "environment variable " + envName(setting));
      }
    }
    String uri = env.get("MONGODB_URI");
    if (uri != null && !uri.isBlank()) {
      values.put("store.mongodb-uri", uri);
      source.put("store.mongodb-uri", "environment variable MONGODB_URI");
    }
    overrides.forEach((k, v) -> {
      if (!DEFAULTS.containsKey(k)) {
        problems.add(k + ": unknown setting");
      } else {
        values.put(k, v);
        source.put(k, "command line");
      }
    });

    Reader r = new Reader(values, source, problems);
    String host = r.nonBlank("http.host");
    int port = r.integer("http.port", 0, 65535);
    String cert = r.optional("http.tls.cert");
    String key = r.optional("http.tls.key");
    FieldsyncConfig.Tls tls = null;
    if (cert != null || key != null) {
      if (cert == null || key == null) {
        problems.add("http.tls.cert and http.tls.key: set both PEM files to terminate TLS, or neither");
      } else {
        r.readableFile("http.tls.cert", cert);
        r.readableFile("http.tls.key", key);
        tls = new FieldsyncConfig.Tls(Path.of(cert), Path.of(key));
      }
    }
    long maxBody = r.longInteger("http.max-body-bytes", 1024, 1L << 31);
    boolean trustProxy = r.bool("http.trust-proxy");
    String publicUrl = r.optional("http.public-url");
    if (publicUrl != null) {
      try {
        var u = java.net.URI.create(publicUrl);
        if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
          throw new IllegalArgumentException();
        }
        publicUrl = publicUrl.replaceAll("/+$", "");
      } catch (IllegalArgumentException e) {
        problems.add("http.public-url (" + source.get("http.public-url") + "): must be an http(s) URL such as "
            + "https://fieldsync.example.org, got '" + publicUrl + "'");
      }
    }
    String mongoUri = r.optional("store.mongodb-uri");
    if (mongoUri != null && !(mongoUri.startsWith("mongodb://") || mongoUri.startsWith("mongodb+srv://"))) {
      problems.add("store.mongodb-uri (" + source.get("store.mongodb-uri")
          + "): must start with mongodb:// or mongodb+srv://");
    }
    String database = r.nonBlank("store.database");
    if (database != null && !database.matches("[A-Za-z0-9_-]{1,63}")) {
      problems.add("store.database (" + source.get("store.database")
          + "): use 1 to 63 letters, digits, '_' or '-', got '" + database + "'");
    }
    String dataDir = r.nonBlank("store.data-dir");
    Duration ttl = r.duration("auth.token-ttl", Duration.ofMinutes(1), Duration.ofDays(90));
    int memory = r.integer("auth.argon2.memory-kib", 1024, 4 * 1024 * 1024);
    int iterations = r.integer("auth.argon2.iterations", 1, 100);
    int parallelism = r.integer("auth.argon2.parallelism", 1, 16);
    long maxFrame = r.longInteger("sampling.max-frame-bytes", 1024, 1L << 31);
    long maxEnvelope = r.longInteger("sync.max-envelope-bytes", 1024, 1L << 30);
    int controlGap = r.integer("monitoring.control-gap-percent", 1, 100);
    int inactiveDays = r.integer("monitoring.inactive-days", 1, 365);
    int shortPercent = r.integer("monitoring.short-interview-percent", 1, 99);
    int gpsMaxKm = r.integer("monitoring.gps-max-km", 1, 20_000);
    String exportDir = r.optional("export.dir");
    int retentionHours = r.integer("export.retention-hours", 1, 24 * 365);
    int exportThreads = r.integer("export.threads", 0, 64);
    int exportReaders = r.integer("export.readers", 1, 16);
    String kek = r.optional("keys.kek");
    String kekFile = r.optional("keys.kek-file");
    String passphrase = r.optional("keys.passphrase");
    int kekSources = (kek == null ? 0 : 1) + (kekFile == null ? 0 : 1) + (passphrase == null ? 0 : 1);
    if (kekSources > 1) {
      problems.add("keys.kek, keys.kek-file and keys.passphrase: set one source of the key-encryption key, not "
          + kekSources);
    }
    if (kek != null && !kek.matches("[A-Za-z0-9+/_-]{43}=?")) {
      problems.add("keys.kek (" + source.get("keys.kek") + "): must be 32 bytes in base64 (43 or 44 characters)");
    }
    if (passphrase != null && passphrase.length() < 16) {
      problems.add("keys.passphrase (" + source.get("keys.passphrase") + "): must be at least 16 characters");
    }
    if (mongoUri != null && kekSources == 0) {
      problems.add("keys: with a real MongoDB (store.mongodb-uri) set a key-encryption key: keys.kek-file, "
          + "FIELDSYNC_KEYS_KEK or FIELDSYNC_KEYS_PASSPHRASE (docs/security.md)");
    }

    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new FieldsyncConfig(
        new FieldsyncConfig.Http(host, port, tls, maxBody, trustProxy, publicUrl),
        new FieldsyncConfig.Store(mongoUri, database, Path.of(dataDir)),
        new FieldsyncConfig.Auth(ttl, memory, iterations, parallelism),
        new FieldsyncConfig.Sampling(maxFrame),
        new FieldsyncConfig.Sync(maxEnvelope),
        new FieldsyncConfig.Keys(kek, kekFile == null ? null : Path.of(kekFile), passphrase),
        new FieldsyncConfig.Monitoring(controlGap, inactiveDays, shortPercent, gpsMaxKm),
        new FieldsyncConfig.Export(exportDir == null ? Path.of(dataDir == null ? "." : dataDir, "exports")
            : Path.of(exportDir), Duration.ofHours(retentionHours),
            exportThreads == 0 ? Runtime.getRuntime().availableProcessors() : exportThreads, exportReaders));
  }

  private static void readFile(Path file, Map<String, String> values, Map<String, String> source,
      List<String> problems) {
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(file));
    } catch (IOException e) {
      problems.add("config file " + file + ": cannot be read (" + e.getMessage() + ")");
      return;
    } catch (DecodeException e) {
      problems.add("config file " + file + ": not a JSON object (" + e.getMessage() + ")");
      return;
    }
    flatten("", json, values, source, problems, file);
  }

  private static void flatten(String prefix, JsonObject json, Map<String, String> values, Map<String, String> source,
      List<String> problems, Path file) {
    for (String field : json.fieldNames()) {
      String name = prefix + field;
      Object v = json.getValue(field);
      if (v instanceof JsonObject nested) {
        flatten(name + ".", nested, values, source, problems, file);
      } else if (!DEFAULTS.containsKey(name)) {
        problems.add(name + " (config file " + file + "): unknown setting; known settings are "
            + String.join(", ", DEFAULTS.keySet()));
      } else {
        values.put(name, v == null ? null : String.valueOf(v));
        source.put(name, "config file " + file);
      }
    }
  }

  /** Typed reads that record a problem naming the setting instead of throwing. */
  private record Reader(Map<String, String> values, Map<String, String> source, List<String> problems) {
    String optional(String name) {
      String v = values.get(name);
      return v == null || v.isBlank() ? null : v.trim();
    }

    String nonBlank(String name) {
      String v = optional(name);
      if (v == null) {
        fail(name, "must not be empty");
      }
      return v;
    }

    int integer(String name, int min, int max) {
      return (int) longInteger(name, min, max);
    }

    long longInteger(String name, long min, long max) {
      String v = optional(name);
      try {
        long n = Long.parseLong(v);
        if (n < min || n > max) {
          fail(name, "must be between " + min + " and " + max + ", got " + n);
        }
        return n;
      } catch (NumberFormatException e) {
        fail(name, "must be a whole number, got '" + v + "'");
        return min;
      }
    }

    boolean bool(String name) {
      String v = optional(name);
      if ("true".equalsIgnoreCase(v)) {
        return true;
      }
      if (!"false".equalsIgnoreCase(v)) {
        fail(name, "must be true or false, got '" + v + "'");
      }
      return false;
    }

    Duration duration(String name, Duration min, Duration max) {
      String v = optional(name);
      try {
        Duration d = Duration.parse(v);
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
          fail(name, "must be between " + min + " and " + max + ", got " + v);
        }
        return d;
      } catch (DateTimeParseException | NullPointerException e) {
        fail(name, "must be an ISO-8601 duration such as PT12H, got '" + v + "'");
        return min;
      }
    }

    void readableFile(String name, String path) {
      if (!Files.isReadable(Path.of(path))) {
        fail(name, "file '" + path + "' does not exist or cannot be read");
      }
    }

    void fail(String name, String message) {
      problems.add(name + " (" + source.get(name) + "): " + message);
    }
  }
}
