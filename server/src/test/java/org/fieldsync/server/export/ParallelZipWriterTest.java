package org.fieldsync.server.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zip writer that deflates blocks on several threads: blocks that inflate back as one stream, archives that
 * {@link ZipFile} and {@link ZipInputStream} read entry by entry, and the ZIP64 records (encoded for sizes and offsets
 * past 4 GiB without writing that much; read back from an archive written with every record in ZIP64 form).
 */
class ParallelZipWriterTest {
  private static final ExecutorService THREADS = Executors.newFixedThreadPool(3);

  @TempDir
  Path dir;

  @AfterAll
  static void stop() {
    THREADS.shutdownNow();
  }

  /** CSV-like text with some randomness, so that blocks compress unevenly. */
  private static byte[] text(int bytes, long seed) {
    Random random = new Random(seed);
    StringBuilder s = new StringBuilder(bytes + 100);
    while (s.length() < bytes) {
      s.append("hh-").append(random.nextInt(5000)).append(',').append(random.nextInt(3)).append(",Fès,")
          .append(random.nextDouble()).append("\r\n");
    }
    return Arrays.copyOf(s.toString().getBytes(StandardCharsets.UTF_8), bytes);
  }

  @Test
  void syncFlushedBlocksInflateBackToTheInputAsOneStream() throws Exception {
    byte[] input = text(300_000, 1);
    byte[] noise = new byte[50_000];
    new Random(2).nextBytes(noise);
    System.arraycopy(noise, 0, input, 100_000, noise.length); // incompressible: the output outgrows its first guess
    int block = 64 * 1024;
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    byte[] dictionary = null;
    for (int from = 0; from < input.length; from += block) {
      int length = Math.min(block, input.length - from);
      boolean last = from + length == input.length;
      byte[] part = Arrays.copyOfRange(input, from, from + length);
      ParallelZipWriter.Deflated d = ParallelZipWriter.deflate(part, length, dictionary, last,
          Deflater.BEST_SPEED);
      if (!last) {
        assertArrayEquals(new byte[] {0, 0, (byte) 0xff, (byte) 0xff},
            Arrays.copyOfRange(d.data(), d.length() - 4, d.length()), "a sync flush ends a block");
      }
      stream.write(d.data(), 0, d.length());
      dictionary = Arrays.copyOfRange(part, Math.max(0, length - 32 * 1024), length);
    }
    Inflater inflater = new Inflater(true);
    inflater.setInput(stream.toByteArray());
    byte[] back = new byte[input.length + 10];
    int n = inflater.inflate(back);
    assertTrue(inflater.finished(), "the last block ends the stream");
    inflater.end();
    assertEquals(input.length, n);
    assertArrayEquals(input, Arrays.copyOf(back, n));
  }

  @Test
  void archiveReadsBackWithZipFileAndZipInputStream() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("household.csv", text(1_000_000, 3));
    entries.put("empty.csv", new byte[0]);
    entries.put("person.csv", text(4096, 4)); // exactly one block
    entries.put("manifest.json", "{\"é\": 1}".getBytes(StandardCharsets.UTF_8));
    Path zip = write(entries, ParallelZipWriter.ZIP64);
    assertReadsBack(zip, entries);
  }

  @Test
  void archiveWithEveryRecordInZip64FormReadsBack() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("a.csv", text(20_000, 5));
    entries.put("b.csv", text(100, 6));
    assertReadsBack(write(entries, 0), Map.of("a.csv", entries.get("a.csv"), "b.csv", entries.get("b.csv")));
  }

  @Test
  void largeSizesAndOffsetsGoToZip64Fields() {
    byte[] name = "person.csv".getBytes(StandardCharsets.UTF_8);
    long size = 5_000_000_000L;
    long compressed = 1_200_000_000L;
    long offset = 4_300_000_000L;
    ByteBuffer c = ByteBuffer.wrap(ParallelZipWriter.centralHeader(name, 0x12345678L, compressed, size, offset, 0, 0,
        ParallelZipWriter.ZIP64)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0x02014b50, c.getInt(0));
    assertEquals(45, c.getShort(6), "version needed for ZIP64");
    assertEquals(0x12345678, c.getInt(16));
    assertEquals((int) compressed, c.getInt(20), "a compressed size that fits stays");
    assertEquals(-1, c.getInt(24), "size in the extra field");
    assertEquals(20, c.getShort(30), "extra: header and two 8-byte values");
    assertEquals(-1, c.getInt(42), "offset in the extra field");
    int extra = 46 + name.length;
    assertEquals(1, c.getShort(extra));
    assertEquals(16, c.getShort(extra + 2));
    assertEquals(size, c.getLong(extra + 4));
    assertEquals(offset, c.getLong(extra + 12));
    assertEquals(extra + 20, c.capacity());

    ByteBuffer small = ByteBuffer.wrap(ParallelZipWriter.centralHeader(name, 1, 10, 20, 30, 0, 0,
        ParallelZipWriter.ZIP64)).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(46 + name.length, small.capacity(), "no extra field");
    assertEquals(20, small.getShort(6));

    ByteBuffer d = ByteBuffer.wrap(ParallelZipWriter.dataDescriptor(7, compressed, size))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(24, d.capacity());
    assertEquals(compressed, d.getLong(8));
    assertEquals(size, d.getLong(16));
    assertEquals(16, ParallelZipWriter.dataDescriptor(7, 10, 20).length);

    ByteBuffer end = ByteBuffer.wrap(ParallelZipWriter.endRecords(9, 600, offset, ParallelZipWriter.ZIP64))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0x06064b50, end.getInt(0));
    assertEquals(44, end.getLong(4));
    assertEquals(9, end.getLong(24));
    assertEquals(600, end.getLong(40));
    assertEquals(offset, end.getLong(48));
    assertEquals(0x07064b50, end.getInt(56));
    assertEquals(offset + 600, end.getLong(64), "where the ZIP64 end record starts");
    assertEquals(0x06054b50, end.getInt(76));
    assertEquals(-1, end.getInt(76 + 16));
    assertEquals(22, ParallelZipWriter.endRecords(9, 600, 1000, ParallelZipWriter.ZIP64).length);
  }

  @Test
  void oneEntryAtATime() throws Exception {
    try (ParallelZipWriter zip = new ParallelZipWriter(OutputStream.nullOutputStream(), THREADS, 1024, 2)) {
      OutputStream a = zip.entry("a", Deflater.BEST_SPEED);
      assertThrows(IllegalStateException.class, () -> zip.entry("b", Deflater.BEST_SPEED));
      a.close();
      zip.entry("b", Deflater.BEST_SPEED).close();
    }
  }

  private Path write(Map<String, byte[]> entries, long zip64Limit) throws IOException {
    Path zip = dir.resolve("out-" + zip64Limit + ".zip");
    try (ParallelZipWriter writer = new ParallelZipWriter(Files.newOutputStream(zip), THREADS, 4096, 4,
        zip64Limit)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        int level = e.getKey().endsWith(".json") ? Deflater.DEFAULT_COMPRESSION : Deflater.BEST_SPEED;
        try (OutputStream out = writer.entry(e.getKey(), level)) {
          byte[] bytes = e.getValue();
          for (int i = 0; i < bytes.length; i += 1000) { // uneven writes across block boundaries
            out.write(bytes, i, Math.min(1000, bytes.length - i));
          }
        }
      }
    }
    return zip;
  }

  private static void assertReadsBack(Path zip, Map<String, byte[]> entries) throws IOException {
    try (ZipFile file = new ZipFile(zip.toFile())) {
      assertEquals(entries.size(), file.size());
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        ZipEntry entry = file.getEntry(e.getKey());
        assertEquals(e.getValue().length, entry.getSize(), e.getKey());
        CRC32 crc = new CRC32();
        crc.update(e.getValue());
        assertEquals(crc.getValue(), entry.getCrc(), e.getKey());
        try (InputStream in = file.getInputStream(entry)) {
          assertArrayEquals(e.getValue(), in.readAllBytes(), e.getKey());
        }
      }
    }
    Map<String, byte[]> streamed = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(zip)))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        streamed.put(e.getName(), in.readAllBytes());
      }
    }
    assertEquals(entries.keySet(), streamed.keySet());
    entries.forEach((name, bytes) -> assertArrayEquals(bytes, streamed.get(name), name));
  }
}
