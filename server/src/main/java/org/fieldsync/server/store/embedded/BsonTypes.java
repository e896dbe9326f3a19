package org.fieldsync.server.store.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * MVStore data types that store the embedded store's documents and keys as BSON.
 *
 * <p>mongo-java-server's H2 backend opens its maps with H2's default {@code ObjectDataType}, which writes documents
 * with Java serialisation and compares unique-index keys by Java-serialising both sides on every step of a B-tree
 * search. Under an upload load that was most of the store's CPU. These types write BSON (the encoding the documents
 * arrived in) and compare keys with MongoDB's own ordering, without encoding them.
 */
final class BsonTypes {
  private static final ValueComparator ORDER = ValueComparator.asc();
  private static final byte MISSING = 0;
  private static final byte VALUE = 1;
  private static final byte KEY_VALUE = 2;

  private BsonTypes() {}

  /** Documents, as BSON. */
  static final class Documents extends BasicDataType<Document> {
    static final Documents INSTANCE = new Documents();

    @Override
    public int getMemory(Document document) {
      return estimate(document);
    }

    /**
     * Encodes a document. mongo-java-server updates a stored document in place (then puts it again), while MVStore
     * may be serialising the page that holds it on its background thread: an encoding that meets a concurrent change
     * is retried. A page written in the middle of an update is written again by the next commit (the put marks it
     * changed), and the commit that makes an acknowledged update durable starts after the update finished.
     */
    @Override
    public void write(WriteBuffer out, Document document) {
      for (int attempt = 1; ; attempt++) {
        ByteBuf bson = Unpooled.buffer(256);
        try {
          BsonEncoder.encodeDocument(document, bson);
          out.putVarInt(bson.readableBytes());
          byte[] bytes = new byte[bson.readableBytes()];
          bson.readBytes(bytes);
          out.put(bytes);
          return;
        } catch (java.util.ConcurrentModificationException e) {
          if (attempt == 100) {
            throw e;
          }
          Thread.onSpinWait();
        } finally {
          bson.release();
        }
      }
    }

    @Override
    public Document read(ByteBuffer in) {
      int length = DataUtils.readVarInt(in);
      // decoded where it lies in the page's buffer (the decoder copies what it keeps), not copied out first
      ByteBuffer bson = in.slice();
      bson.limit(length);
      in.position(in.position() + length);
      return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    @Override
    public Document[] createStorage(int size) {
      return new Document[size];
    }
  }

  /**
   * Keys and positions: a document's {@code _id} (or {@link Missing}), or a unique index's {@link KeyValue}. Ordered
   * as MongoDB orders values, so {@code 1}, {@code 1L} and {@code 1.0} are one key, as they are in MongoDB.
   */
  static final class Keys extends BasicDataType<Object> {
    static final Keys INSTANCE = new Keys();

    @Override
    public int getMemory(Object key) {
      return 32 + estimateValue(key);
    }

    @Override
    public void write(WriteBuffer out, Object key) {
      if (key instanceof KeyValue) {
        KeyValue keyValue = (KeyValue) key;
        out.put(KEY_VALUE).putVarInt(keyValue.size());
        for (Object value : keyValue) {
          writeValue(out, value);
        }
      } else {
        writeValue(out, key);
      }
    }

    @Override
    public Object read(ByteBuffer in) {
      byte tag = in.get();
      if (tag != KEY_VALUE) {
        return readValue(tag, in);
      }
      int size = DataUtils.readVarInt(in);
      List<Object> values = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        values.add(readValue(in.get(), in));
      }
      return new KeyValue(values);
    }

    @Override
    public int compare(Object a, Object b) {
      if (a instanceof KeyValue && b instanceof KeyValue) {
        KeyValue x = (KeyValue) a;
        KeyValue y = (KeyValue) b;
        int n = Math.min(x.size(), y.size());
        for (int i = 0; i < n; i++) {
          int c = compareValues(x.get(i), y.get(i));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(x.size(), y.size());
      }
      if (a instanceof KeyValue || b instanceof KeyValue) {
        return a instanceof KeyValue ? 1 : -1;
      }
      return compareValues(a, b);
    }

    @Override
    public Object[] createStorage(int size) {
      return new Object[size];
    }
  }

  private static int compareValues(Object a, Object b) {
    if (a instanceof Missing || b instanceof Missing) {
      return Boolean.compare(!(a instanceof Missing), !(b instanceof Missing));
    }
    return ORDER.compare(a, b);
  }

  private static void writeValue(WriteBuffer out, Object value) {
    if (value instanceof Missing) {
      out.put(MISSING);
      return;
    }
    ByteBuf bson = Unpooled.buffer(64);
    try {
      bson.writeByte(BsonEncoder.determineType(value));
      BsonEncoder.encodeValue(BsonEncoder.determineType(value), value, bson);
      byte[] bytes = new byte[bson.readableBytes()];
      bson.readBytes(bytes);
      out.put(VALUE).putVarInt(bytes.length).put(bytes);
    } finally {
      bson.release();
    }
  }

  private static Object readValue(byte tag, ByteBuffer in) {
    if (tag == MISSING) {
      return Missing.getInstance();
    }
    if (tag != VALUE) {
      throw new IllegalStateException("Unknown key tag " + tag + ": the data file is damaged");
    }
    byte[] bytes = new byte[DataUtils.readVarInt(in)];
    in.get(bytes);
    ByteBuf bson = Unpooled.wrappedBuffer(bytes);
    return BsonDecoder.decodeValue(bson.readByte(), bson);
  }

  /**
   * The heap a decoded document takes, roughly (compressed references): MVStore keeps its page cache within its
   * size by these figures. BSON sizes instead counted a small document at a fifth of its heap, so the cache of 16 MB
   * held several times that, long enough to be promoted and collected as old garbage during long scans.
   */
  private static int estimate(Map<String, ?> document) {
    int size = 64; // the Document, its LinkedHashMap and table
    for (Map.Entry<String, ?> e : document.entrySet()) {
      size += 48 + 40 + e.getKey().length() + estimateValue(e.getValue()); // entry and table slot, key string
    }
    return size;
  }

  @SuppressWarnings("unchecked")
  private static int estimateValue(Object value) {
    if (value instanceof String) {
      return 40 + ((String) value).length();
    } else if (value instanceof byte[]) {
      return 16 + ((byte[]) value).length;
    } else if (value instanceof BinData) {
      return 32 + ((BinData) value).getData().length;
    } else if (value instanceof Map) {
      return estimate((Map<String, ?>) value);
    } else if (value instanceof Collection) {
      int size = 40;
      for (Object item : (Collection<?>) value) {
        size += 8 + estimateValue(item);
      }
      return size;
    } else if (value instanceof KeyValue) {
      int size = 40;
      for (Object item : (KeyValue) value) {
        size += 8 + estimateValue(item);
      }
      return size;
    }
    return 24; // a boxed number, a boolean, an instant
  }
}
