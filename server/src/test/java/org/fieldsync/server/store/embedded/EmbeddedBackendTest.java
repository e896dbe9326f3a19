package org.fieldsync.server.store.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBackendTest {
  @TempDir Path dir;

  private void withStore(Path file, Consumer<MongoCollection<Document>> body) {
    MVStore store = new MVStore.Builder().fileName(file.toString()).open();
    MongoServer server = new MongoServer(EmbeddedBackend.open(store));
    try {
      InetSocketAddress address = server.bind();
      try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
        body.accept(client.getDatabase("t").getCollection("c"));
      }
    } finally {
      server.shutdown();
      store.close();
    }
  }

  @Test
  void documentsOfEveryTypeSurviveACloseAndReopen() {
    Path file = dir.resolve("a.mv.db");
    ObjectId oid = new ObjectId();
    Document nested = new Document("list", List.of(1, "two", 3.5, new Document("x", true)))
        .append("bytes", new Binary(new byte[] {0, 1, 2, (byte) 255})).append("when", new Date(1_700_000_000_000L))
        .append("big", Long.MAX_VALUE).append("dec", Decimal128.parse("1.25")).append("nothing", null)
        .append("oid", oid).append("unicode", "ménage — 家庭");
    withStore(file, c -> {
      c.insertOne(new Document("_id", "s-1").append("v", nested));
      c.insertOne(new Document("_id", oid).append("n", 1));
      c.insertOne(new Document("_id", 7L).append("n", 2));
      c.insertOne(new Document("_id", new Document("a", 1).append("b", "x")).append("n", 3));
      c.updateOne(Filters.eq("_id", 7L), Updates.inc("n", 40));
    });
    withStore(file, c -> {
      assertEquals(nested, c.find(Filters.eq("_id", "s-1")).first().get("v", Document.class));
      assertEquals(1, c.find(Filters.eq("_id", oid)).first().getInteger("n"));
      assertEquals(42, c.find(Filters.eq("_id", 7L)).first().getInteger("n"));
      assertEquals(3, c.find(Filters.eq("_id", new Document("a", 1).append("b", "x"))).first().getInteger("n"));
      assertEquals(4, c.countDocuments());
    });
  }

  /**
   * Paging by {@code _id} range (as the export and the coverage rebuild read) returns exactly what MongoDB would:
   * the page after the last id, in id order, filtered by the other terms, whether the range is a top-level field or a
   * {@code $and} term, with ids of other types left out. The embedded store serves these from the B-tree.
   */
  @Test
  void idRangePagesReturnWhatMongoDbReturns() {
    withStore(dir.resolve("r.mv.db"), c -> {
      List<Document> docs = new java.util.ArrayList<>();
      for (int i = 0; i < 2_500; i++) {
        docs.add(new Document("_id", String.format("%05d", (i * 7919) % 2_500)).append("s", i % 3 == 0 ? "a" : "b"));
      }
      c.insertMany(docs);
      c.insertOne(new Document("_id", 12).append("s", "a"));
      List<String> paged = new java.util.ArrayList<>();
      String after = "";
      while (true) {
        List<Document> page = c.find(Filters.and(Filters.eq("s", "a"), paged.isEmpty() ? Filters.gte("_id", after)
            : Filters.gt("_id", after))).sort(Indexes.ascending("_id")).limit(100).into(new java.util.ArrayList<>());
        page.forEach(d -> paged.add(d.getString("_id")));
        if (page.size() < 100) {
          break;
        }
        after = paged.get(paged.size() - 1);
      }
      List<String> expected = docs.stream().filter(d -> d.getString("s").equals("a"))
          .map(d -> d.getString("_id")).sorted().toList();
      assertEquals(expected, paged);
    });
  }

  /**
   * Bounded ranges (as the export reads its slices in parallel) and descending reads (the last id) return what
   * MongoDB would; the embedded store serves them from the B-tree, stopping at the upper bound.
   */
  @Test
  void boundedAndDescendingRangesReturnWhatMongoDbReturns() {
    withStore(dir.resolve("b.mv.db"), c -> {
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        docs.add(new Document("_id", String.format("%05d", (i * 7919) % 2_000)).append("s", i % 3 == 0 ? "a" : "b"));
      }
      c.insertMany(docs);
      c.insertOne(new Document("_id", 12).append("s", "a"));
      List<String> a = docs.stream().filter(d -> d.getString("s").equals("a")).map(d -> d.getString("_id"))
          .sorted().toList();
      for (String[] bounds : new String[][] {{"00000", "00500"}, {"00500", "01999"}, {"0", "1"}, {"00700", "00701"},
          {"01990", "02000"}}) {
        List<String> paged = new ArrayList<>();
        String after = bounds[0];
        while (true) {
          List<Document> page = c.find(Filters.and(Filters.eq("s", "a"), paged.isEmpty()
              ? Filters.gte("_id", after) : Filters.gt("_id", after), Filters.lt("_id", bounds[1])))
              .sort(Indexes.ascending("_id")).limit(50).into(new ArrayList<>());
          page.forEach(d -> paged.add(d.getString("_id")));
          if (page.size() < 50) {
            break;
          }
          after = paged.get(paged.size() - 1);
        }
        assertEquals(a.stream().filter(id -> id.compareTo(bounds[0]) >= 0 && id.compareTo(bounds[1]) < 0).toList(),
            paged, bounds[0] + ".." + bounds[1]);
      }
      List<Object> last = new ArrayList<>();
      c.find(Filters.eq("s", "a")).sort(Indexes.descending("_id")).limit(3).forEach(d -> last.add(d.get("_id")));
      assertEquals(List.of(a.get(a.size() - 1), a.get(a.size() - 2), a.get(a.size() - 3)), last);
      assertEquals(a.get(a.size() - 1), c.find(Filters.and(Filters.eq("s", "a"), Filters.lte("_id", "01999")))
          .sort(Indexes.descending("_id")).first().get("_id"));
      assertEquals(List.of("01999", "00003"), c.find(Filters.in("_id", "00003", "01999", "zzz"))
          .sort(Indexes.descending("_id")).map(d -> d.get("_id")).into(new ArrayList<>()));
      List<Object> all = new ArrayList<>();
      c.find().sort(Indexes.descending("_id")).forEach(d -> all.add(d.get("_id")));
      assertEquals(2_001, all.size());
      assertEquals("01999", all.get(0));
      assertEquals(12, all.get(all.size() - 1)); // numbers sort before strings
    });
  }

  @Test
  void uniqueIndexesFollowMongoDbEqualityAndSurviveAReopen() {
    Path file = dir.resolve("b.mv.db");
    withStore(file, c -> {
      c.createIndex(Indexes.ascending("k", "j"), new IndexOptions().unique(true));
      c.insertOne(new Document("_id", 1).append("k", 1).append("j", "a"));
      c.insertOne(new Document("_id", 2).append("k", 2).append("j", "a"));
      c.insertOne(new Document("_id", 3).append("j", "a")); // k missing
      // 1, 1L and 1.0 are one value in MongoDB; an _id of 1L is the document with _id 1.
      assertThrows(MongoWriteException.class, () -> c.insertOne(new Document("_id", 4).append("k", 1L).append("j", "a")));
      assertThrows(MongoWriteException.class, () -> c.insertOne(new Document("_id", 1L)));
      assertThrows(MongoWriteException.class, () -> c.insertOne(new Document("_id", 5).append("j", "a")));
    });
    withStore(file, c -> {
      assertThrows(MongoWriteException.class, () -> c.insertOne(new Document("_id", 6).append("k", 2.0).append("j", "a")));
      c.insertOne(new Document("_id", 6).append("k", 2).append("j", "b"));
      assertEquals(2, c.find(Filters.eq("k", 2)).into(new ArrayList<>()).size());
      c.deleteOne(Filters.eq("_id", 2));
      c.insertOne(new Document("_id", 7).append("k", 2).append("j", "a"));
      assertEquals(4, c.countDocuments());
    });
  }

  @Test
  void aFileWrittenByTheStockBackendIsRefusedNotMisread() {
    Path file = dir.resolve("c.mv.db");
    MVStore stock = new MVStore.Builder().fileName(file.toString()).open();
    MongoServer server = new MongoServer(new H2Backend(stock));
    InetSocketAddress address = server.bind();
    try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
      client.getDatabase("t").getCollection("c").insertOne(new Document("_id", "x"));
    }
    server.shutdown();
    stock.close();
    MVStore store = new MVStore.Builder().fileName(file.toString()).open();
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> EmbeddedBackend.open(store));
      assertTrue(e.getMessage().contains("move it away"), e.getMessage());
      assertFalse(store.hasMap("fieldsync.format"), "a refused file is left as it was");
    } finally {
      store.close();
    }
  }
}
