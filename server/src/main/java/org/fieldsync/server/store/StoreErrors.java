package org.fieldsync.server.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;

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
}
