package org.fieldsync.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir
  Path dir;

  @Test
  void defaultsRunTheEmbeddedStore() {
    FieldsyncConfig c = ConfigLoader.load(null, Map.of(), Map.of());
    assertEquals(8080, c.http().port());
    assertTrue(c.store().embedded());
    assertEquals(Path.of("fieldsync-data"), c.store().dataDir());
    assertEquals(Duration.ofHours(12), c.auth().tokenTtl());
    assertEquals(10L * 1024 * 1024, c.http().maxBodyBytes());
    assertNull(c.http().tls());
  }

  @Test
  void environmentOverridesTheFileWhichOverridesDefaults() throws Exception {
    Path file = dir.resolve("fieldsync.json");
    Files.writeString(file, "{\"http\": {\"port\": 9000, \"host\": \"127.0.0.1\"}, \"store\": {\"database\": \"fs\"}}");
    FieldsyncConfig c = ConfigLoader.load(file, Map.of("FIELDSYNC_HTTP_PORT", "9100",
        "MONGODB_URI", "mongodb://db1:27017,db2:27017/?replicaSet=rs0",
        "FIELDSYNC_KEYS_KEK", "q83vEjRWeJASNFZ4kKu83vASNFZ4kKu83vASNFZ4kKs"), Map.of());
    assertEquals(9100, c.http().port());
    assertEquals("127.0.0.1", c.http().host());
    assertEquals("fs", c.store().database());
    assertEquals("mongodb://db1:27017,db2:27017/?replicaSet=rs0", c.store().mongodbUri());
  }

  @Test
  void everyBadSettingIsNamedWithWhereItCameFrom() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"http\": {\"prot\": 1}, \"auth\": {\"token-ttl\": \"12 hours\"}}");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file,
        Map.of("FIELDSYNC_HTTP_PORT", "eighty", "MONGODB_URI", "postgres://x", "FIELDSYNC_KEYS_PASSPHRASE",
            "long enough passphrase"), Map.of()));
    String m = e.getMessage();
    assertEquals(4, e.problems().size(), m);
    assertTrue(m.contains("http.prot (config file " + file + "): unknown setting"), m);
    assertTrue(m.contains("http.port (environment variable FIELDSYNC_HTTP_PORT): must be a whole number, got 'eighty'"),
        m);
    assertTrue(m.contains("auth.token-ttl (config file " + file + "): must be an ISO-8601 duration"), m);
    assertTrue(m.contains("store.mongodb-uri (environment variable MONGODB_URI): must start with mongodb://"), m);
  }

  @Test
  void tlsNeedsBothReadablePemFiles() {
    ConfigException half = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, Map.of("FIELDSYNC_HTTP_TLS_CERT", "/nope/cert.pem"), Map.of()));
    assertTrue(half.getMessage().contains("set both PEM files"), half.getMessage());
    ConfigException missing = assertThrows(ConfigException.class, () -> ConfigLoader.load(null,
        Map.of("FIELDSYNC_HTTP_TLS_CERT", "/nope/cert.pem", "FIELDSYNC_HTTP_TLS_KEY", "/nope/key.pem"), Map.of()));
    assertTrue(missing.getMessage().contains("http.tls.cert (environment variable FIELDSYNC_HTTP_TLS_CERT): file "
        + "'/nope/cert.pem' does not exist"), missing.getMessage());
  }

  @Test
  void aRealMongoDbNeedsAKeyEncryptionKey() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, Map.of("MONGODB_URI", "mongodb://db1/"), Map.of()));
    assertTrue(e.getMessage().contains("set a key-encryption key"), e.getMessage());
    ConfigException two = assertThrows(ConfigException.class, () -> ConfigLoader.load(null,
        Map.of("FIELDSYNC_KEYS_PASSPHRASE", "long enough passphrase", "FIELDSYNC_KEYS_KEK", "short"), Map.of()));
    assertEquals(2, two.problems().size(), two.getMessage());
  }

  @Test
  void environmentVariableNamesFollowTheSettingNames() {
    assertEquals("FIELDSYNC_HTTP_MAX_BODY_BYTES", ConfigLoader.envName("http.max-body-bytes"));
    assertEquals("FIELDSYNC_AUTH_ARGON2_MEMORY_KIB", ConfigLoader.envName("auth.argon2.memory-kib"));
  }
}
