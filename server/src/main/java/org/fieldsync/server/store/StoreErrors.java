package org.fieldsync.server.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

/** Translates driver errors at the store boundary. */
public final class StoreErrors {
  private StoreErrors() {}

  /** True when the write failed because a unique index already holds the key. */
  public static boolean isDuplicateKey(MongoException e) {
    if (e instanceof MongoWriteException w) {
      return w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
    return e.getCode() == 11000;
  }

  /**
   * Inserts a document whose key a unique index guards; false if the key is taken. This is how fieldsync makes
   * "create if absent" safe across server instances without transactions.
   */
  public static boolean insertIfAbsent(MongoCollection<Document> collection, Document document) {
    try {
      collection.insertOne(document);
      return true;
    } catch (MongoException e) {
      if (isDuplicateKey(e)) {
        return false;
      }
      throw e;
    }
  }
}
