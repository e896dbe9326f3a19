package org.fieldsync.server.sync;

import static com.mongodb.client.model.Filters.eq;

import com.mongodb.client.MongoCollection;
import java.security.SecureRandom;
import org.bson.Document;
import org.bson.types.Binary;
import org.fieldsync.server.config.ConfigException;
import org.fieldsync.server.config.FieldsyncConfig;
import org.fieldsync.server.crypto.KeyVault;
import org.fieldsync.server.store.Mongo;
import org.fieldsync.server.store.StoreErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the operator's key-encryption key from the configured source, and refuses to start with a different KEK
 * than the one the stored keys were wrapped under (its public fingerprint is kept in the store), so a mistyped
 * passphrase is a clear start-up error rather than undecryptable uploads.
 */
public final class KeyEncryptionKey {
  private static final Logger LOG = LoggerFactory.getLogger(KeyEncryptionKey.class);

  private KeyEncryptionKey() {}

  public static KeyVault open(FieldsyncConfig config, Mongo mongo) {
    FieldsyncConfig.Keys keys = config.keys();
    MongoCollection<Document> meta = mongo.db().getCollection("meta");
    KeyVault vault;
    if (keys.kek() != null) {
      vault = KeyVault.ofBase64(keys.kek());
    } else if (keys.kekFile() != null) {
      vault = KeyVault.ofKeyFile(keys.kekFile(), false);
    } else if (keys.passphrase() != null) {
      byte[] salt = new byte[16];
      new SecureRandom().nextBytes(salt);
      StoreErrors.insertIfAbsent(meta, new Document("_id", "kek-salt").append("salt", new Binary(salt)));
      byte[] stored = meta.find(eq("_id", "kek-salt")).first().get("salt", Binary.class).getData();
      vault = KeyVault.ofPassphrase(keys.passphrase().toCharArray(), stored, 65536, 3, 1);
    } else {
      var file = config.store().dataDir().resolve("kek.key");
      vault = KeyVault.ofKeyFile(file, true);
      LOG.warn("No key-encryption key configured: using {} next to the embedded store. Fine for a laptop or a "
          + "demo; in production configure keys.kek-file, FIELDSYNC_KEYS_KEK or FIELDSYNC_KEYS_PASSPHRASE and keep "
          + "it away from the database (docs/security.md).", file.toAbsolutePath());
    }
    StoreErrors.insertIfAbsent(meta, new Document("_id", "kek").append("kekId", vault.kekId()));
    String expected = meta.find(eq("_id", "kek")).first().getString("kekId");
    if (!expected.equals(vault.kekId())) {
      throw new ConfigException(java.util.List.of("keys: the key-encryption key (fingerprint " + vault.kekId()
          + ") is not the one this store's keys were wrapped with (fingerprint " + expected + "): configure the "
          + "original key file, secret or passphrase"));
    }
    return vault;
  }
}
