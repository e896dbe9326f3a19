package org.fieldsync.server.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import java.util.List;
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

  /**
   * Inserts documents whose keys a unique index guards, skipping those already there (an unordered bulk insert whose
   * duplicate-key errors are expected). Makes a multi-document creation safe to retry after a crash.
   *
   * @return how many documents were new
   */
  public static int insertAllIfAbsent(MongoCollection<Document> collection, List<Document> documents) {
    return documents.size() - duplicatesOf(collection, documents).size();
  }

  /**
   * Inserts documents in one unordered bulk write and returns the positions of those whose key was taken (the others
   * are inserted).
   */
  public static java.util.Set<Integer> duplicatesOf(MongoCollection<Document> collection, List<Document> documents) {
    java.util.Set<Integer> duplicates = new java.util.HashSet<>();
    if (documents.isEmpty()) {
      return duplicates;
    }
    try {
      collection.insertMany(documents, new InsertManyOptions().ordered(false));
    } catch (MongoBulkWriteException e) {
      if (e.getWriteConcernError() != null) {
        throw e; // the inserts may not survive a failover: nothing here may be acknowledged
      }
      for (var error : e.getWriteErrors()) {
        if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
          throw e;
        }
        duplicates.add(error.getIndex());
      }
    }
    return duplicates;
  }


}
