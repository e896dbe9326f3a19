package org.fieldsync.server.store.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.backend.QueryResult;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend with its maps typed: documents stored as BSON, {@code _id}s and unique-index keys
 * compared in MongoDB's order without serialising them (see {@link BsonTypes}). Collections, indexes and queries are
 * mongo-java-server's own ({@link H2Collection}); only how the maps encode and compare changes. The database and
 * index classes follow mongo-java-server's {@code H2Database} and {@code H2UniqueIndex} (BSD-3-Clause), which open
 * their maps untyped and cannot be told otherwise.
 *
 * <p>The on-disk format differs from the stock backend's, so a data file records which it holds ({@link #FORMAT}) and
 * {@link #open} refuses one written by the stock backend instead of misreading it.
 */
public final class EmbeddedBackend extends H2Backend {
  /** The format recorded in the data file. */
  public static final String FORMAT = "fieldsync-bson-1";
  private static final String FORMAT_MAP = "fieldsync.format";
  private static final String DATABASES_PREFIX = "databases.";
  private static final String META_PREFIX = "meta.";

  private EmbeddedBackend(MVStore store) {
    super(store);
  }

  /**
   * The backend over an open MVStore: a new store is marked with {@link #FORMAT}; an existing one must carry it.
   *
   * @throws IllegalStateException if the file holds data in another format
   */
  public static EmbeddedBackend open(MVStore store) {
    String found = store.hasMap(FORMAT_MAP) ? store.<String, String>openMap(FORMAT_MAP).get("documents") : null;
    if (found == null) {
      boolean hasData = store.getMapNames().stream().anyMatch(name -> name.startsWith(DATABASES_PREFIX));
      if (hasData) {
        throw new IllegalStateException("The data file was written by an earlier development version of fieldsync"
            + " (Java-serialised documents) and cannot be read by this one: move it away to start afresh");
      }
      store.<String, String>openMap(FORMAT_MAP).put("documents", FORMAT);
    } else if (!FORMAT.equals(found)) {
      throw new IllegalStateException("The data file holds documents in format " + found + "; this version of"
          + " fieldsync reads " + FORMAT);
    }
    return new EmbeddedBackend(store);
  }

  @Override
  protected MongoDatabase openOrCreateDatabase(String databaseName) {
    // Called from H2Backend's constructor for existing databases, before any field of this class is set.
    return new Database(databaseName, getMvStore(), getCursorRegistry());
  }

  private static final class Database extends AbstractSynchronizedMongoDatabase<Object> {
    private final MVStore store;

    Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
      super(databaseName, cursorRegistry);
      this.store = store;
      initializeNamespacesAndIndexes();
    }

    private MVMap<Object, Document> dataMap(String fullName) {
      return store.openMap(DATABASES_PREFIX + fullName,
          new MVMap.Builder<Object, Document>().keyType(BsonTypes.Keys.INSTANCE)
              .valueType(BsonTypes.Documents.INSTANCE));
    }

    private MVMap<String, Object> metaMap(String fullName) {
      return store.openMap(META_PREFIX + fullName);
    }

    private String indexMapName(String collectionName, String indexName) {
      return getFullCollectionNamespace(collectionName) + "._index_" + indexName;
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
        boolean sparse) {
      MVMap<Object, Object> map = store.openMap(indexMapName(collectionName, indexName),
          new MVMap.Builder<Object, Object>().keyType(BsonTypes.Keys.INSTANCE).valueType(BsonTypes.Keys.INSTANCE));
      return new UniqueIndex(map, indexName, keys, sparse);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
      super.dropIndex(collection, indexName);
      store.removeMap(indexMapName(collection.getCollectionName(), indexName));
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
      String fullName = getFullCollectionNamespace(collectionName);
      return new RangeCollection(this, collectionName, options, dataMap(fullName), metaMap(fullName),
          cursorRegistry);
    }

    @Override
    public void drop(Oplog oplog) {
      super.drop(oplog);
      store.getMapNames().stream()
          .filter(name -> name.startsWith(databaseName + ".") || name.startsWith(DATABASES_PREFIX + databaseName)
              || name.startsWith(META_PREFIX + databaseName))
          .toList()
          .forEach(store::removeMap);
    }

    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
      super.dropCollection(collectionName, oplog);
      String fullName = getFullCollectionNamespace(collectionName);
      store.removeMap(DATABASES_PREFIX + fullName);
      store.removeMap(META_PREFIX + fullName);
    }

    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
      super.moveCollection(oldDatabase, collection, newCollectionName);
      String newFullName = getFullCollectionNamespace(newCollectionName);
      store.renameMap(dataMap(collection.getFullName()), DATABASES_PREFIX + newFullName);
      store.renameMap(metaMap(collection.getFullName()), META_PREFIX + newFullName);
    }

    @Override
    protected long getStorageSize() {
      FileStore<?> fileStore = store.getFileStore();
      return fileStore == null ? 0 : fileStore.size();
    }

    @Override
    protected long getFileSize() {
      return getStorageSize();
    }
  }

  /**
   * A collection that serves a range on {@code _id} in {@code _id} order from the B-tree, lazily: the query
   * {@code {_id: {$gt: x, $lt: y}, ...}} sorted by {@code _id} (or not sorted) with a limit reads from {@code x} on
   * and stops at the limit or after {@code y}, where the stock collection decodes and sorts every document of the
   * collection first; sorted by {@code _id} descending it reads backwards from the end (or from {@code y}). This is
   * how large scans page ({@code MongoInterviewStore#page}): each page costs its own size, not the collection's.
   */
  private static final class RangeCollection extends H2Collection {
    private final MVMap<Object, Document> data;

    RangeCollection(MongoDatabase database, String collectionName, CollectionOptions options,
        MVMap<Object, Document> data, MVMap<String, Object> meta, CursorRegistry cursorRegistry) {
      super(database, collectionName, options, data, meta, cursorRegistry);
      this.data = data;
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit,
        int batchSize, Document fieldSelector) {
      KeyRange range = KeyRange.of(query, orderBy);
      if (range == null) {
        return super.matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
      }
      // the cursor's ends are inclusive; the full query still filters ($gt and $lt excluding theirs, other fields)
      Cursor<Object, Document> cursor = range.reverse() ? data.cursor(range.upper(), range.lower(), true)
          : data.cursor(range.lower(), range.upper(), false);
      Iterator<Document> documents = new Iterator<>() {
        @Override
        public boolean hasNext() {
          return cursor.hasNext();
        }

        @Override
        public Document next() {
          cursor.next();
          return cursor.getValue();
        }
      };
      Stream<Document> stream = StreamSupport.stream(
          Spliterators.spliteratorUnknownSize(documents, Spliterator.ORDERED), false);
      return matchDocumentsFromStream(query, stream, numberToSkip, limit, batchSize, null, fieldSelector);
    }
  }

  /**
   * The bounds on {@code _id} of a query read in key order ({@code lower} and {@code upper} inclusive, null for none),
   * or null if the query is not served from the B-tree: ascending ({@code _id: 1} or no order) with a lower bound
   * ({@code $gt}/{@code $gte}), or descending ({@code _id: -1}) with any bounds; a condition on {@code _id} other than
   * these four operators leaves the query to the stock collection. The range is a top-level field of the query or
   * one of its {@code $and} terms (the Java driver renders {@code Filters.and} as {@code $and}).
   */
  record KeyRange(Object lower, Object upper, boolean reverse) {
    private static final java.util.Set<String> RANGE_OPERATORS = java.util.Set.of("$gt", "$gte", "$lt", "$lte");

    static KeyRange of(Document query, Document orderBy) {
      Integer direction = orderBy == null || orderBy.isEmpty() ? Integer.valueOf(1)
          : orderBy.size() == 1 && orderBy.get("_id") instanceof Number n ? Integer.valueOf(n.intValue()) : null;
      if (direction == null || direction != 1 && direction != -1) {
        return null;
      }
      Document bounds = new Document();
      List<?> terms = query.get("$and") instanceof List<?> and ? and : List.of(query);
      for (Object term : terms) {
        Object range = term instanceof Document d ? d.get("_id") : null;
        if (range instanceof Document d) {
          bounds.putAll(d); // Filters.and(gte("_id", a), lt("_id", b)) is two terms
        } else if (range != null) {
          return null; // an _id equal to a value: the stock query, from the index
        }
      }
      if (!RANGE_OPERATORS.containsAll(bounds.keySet())) {
        return null; // $in, $ne, ...: the stock query
      }
      Object lower = bound(bounds, "$gt", "$gte");
      Object upper = bound(bounds, "$lt", "$lte");
      if (lower == null && (bounds.containsKey("$gt") || bounds.containsKey("$gte"))
          || upper == null && (bounds.containsKey("$lt") || bounds.containsKey("$lte"))) {
        return null; // a bound of another kind (a date, a document): the stock query
      }
      if (direction == 1 && lower == null) {
        return null;
      }
      if (lower != null && upper != null && lower.getClass() != upper.getClass()) {
        return null;
      }
      return new KeyRange(lower, upper, direction == -1);
    }

    private static Object bound(Document bounds, String strict, String inclusive) {
      Object b = bounds.containsKey(strict) ? bounds.get(strict) : bounds.get(inclusive);
      return b instanceof String || b instanceof Number ? b : null;
    }
  }

  private static final class UniqueIndex extends AbstractUniqueIndex<Object> {
    private final MVMap<Object, Object> map;

    UniqueIndex(MVMap<Object, Object> map, String name, List<IndexKey> keys, boolean sparse) {
      super(name, keys, sparse);
      this.map = map;
    }

    @Override
    protected Object removeDocument(KeyValue keyValue) {
      return map.remove(keyValue);
    }

    @Override
    protected boolean putKeyPosition(KeyValue keyValue, Object position) {
      return map.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
      return (Iterable) map.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue keyValue) {
      return map.get(keyValue);
    }

    @Override
    public long getCount() {
      return map.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
      return map.isEmpty();
    }

    @Override
    public long getDataSize() {
      return getCount();
    }
  }
}
