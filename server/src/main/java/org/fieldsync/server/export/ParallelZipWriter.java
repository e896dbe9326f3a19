package org.fieldsync.server.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a zip archive whose entries are deflated on several threads, as pigz does for gzip (Adler 2007-2023,
 * pigz.c): an entry's bytes are cut into blocks, each block is raw-deflated on its own (at the entry's level, primed
 * with the previous block's last 32 KiB as dictionary, so back-references still reach across blocks), every
 * block but the last ending with {@link Deflater#SYNC_FLUSH} (an empty stored block: byte-aligned, no final bit) and
 * the last with {@link Deflater#FINISH}. Written one after the other, the blocks are one valid deflate stream. The
 * CRC-32 of the uncompressed bytes is computed here, in order. {@link java.util.zip.ZipOutputStream} cannot do this:
 * it deflates what it is given itself, on the caller's thread.
 *
 * <p>The archive follows APPNOTE.TXT (PKWARE, version 6.3.10): each entry is a local header with bit 3 set (CRC and
 * sizes follow the data, in a data descriptor) and bit 11 (UTF-8 name), method 8 (deflate); then the central
 * directory and the end record. As {@link java.util.zip.ZipOutputStream} does, sizes of 4 GiB and more go to 8-byte
 * fields of the data descriptor, and sizes and offsets at or above {@code zip64Limit} to a ZIP64 extra field of the
 * central directory (with 0xFFFFFFFF in the 4-byte fields), the directory's own size, offset or entry count to the
 * ZIP64 end records. Readers take sizes from the central directory ({@link java.util.zip.ZipFile}, Info-ZIP's unzip,
 * Python's zipfile, R's unzip) or from the data descriptor ({@link java.util.zip.ZipInputStream}).
 *
 * <p>Memory: at most {@code inFlight} blocks (input and output) wait for their turn. One thread writes (not
 * thread-safe); the executor only deflates. Closing writes the central directory and closes the stream.
 */
final class ParallelZipWriter implements AutoCloseable {
  /** A zip's 4-byte size and offset fields hold at most this; the value itself says "in the ZIP64 field". */
  static final long ZIP64 = 0xFFFFFFFFL;
  private static final int ZIP64_COUNT = 0xFFFF;
  private static final int DICTIONARY = 32 * 1024;
  private static final int FLAGS = 0x0808;
  private static final int DEFLATED = 8;

  private final OutputStream out;
  private final ExecutorService deflaters;
  private final int blockSize;
  private final int inFlight;
  private final long zip64Limit;
  private final int dosTime;
  private final int dosDate;
  private final List<Central> entries = new ArrayList<>();
  private final ArrayDeque<byte[]> free = new ArrayDeque<>();
  private long position;
  private Entry open;
  private boolean closed;

  /** What the central directory needs of a written entry. */
  private record Central(byte[] name, long crc, long compressed, long size, long offset) {}

  /** A deflated block: its output, and its input array to reuse. */
  record Deflated(byte[] data, int length, byte[] input) {}

  /**
   * @param out where the archive goes (closed by {@link #close()})
   * @param deflaters threads that deflate the blocks
   * @param blockSize bytes of an entry deflated as one block (1 MiB is a fair size)
   * @param inFlight blocks deflated or waiting at most at once (twice the threads, say)
   */
  ParallelZipWriter(OutputStream out, ExecutorService deflaters, int blockSize, int inFlight) {
    this(out, deflaters, blockSize, inFlight, ZIP64);
  }

  /** As above, with ZIP64 central records for sizes and offsets from {@code zip64Limit} on (tests lower it). */
  ParallelZipWriter(OutputStream out, ExecutorService deflaters, int blockSize, int inFlight, long zip64Limit) {
    if (blockSize <= 0 || inFlight <= 0) {
      throw new IllegalArgumentException("block size and blocks in flight must be positive");
    }
    this.out = out;
    this.deflaters = deflaters;
    this.blockSize = blockSize;
    this.inFlight = inFlight;
    this.zip64Limit = Math.min(zip64Limit, ZIP64);
    LocalDateTime now = LocalDateTime.now();
    this.dosTime = now.getSecond() / 2 | now.getMinute() << 5 | now.getHour() << 11;
    this.dosDate = now.getDayOfMonth() | now.getMonthValue() << 5 | Math.max(0, now.getYear() - 1980) << 9;
  }

  /**
   * Starts an entry; what is written to the stream returned is its content, and closing the stream ends it.
   *
   * @param level the {@link Deflater} compression level ({@link Deflater#BEST_SPEED} for bulk data)
   * @throws IllegalStateException if another entry is still open, or the archive is closed
   */
  OutputStream entry(String name, int level) throws IOException {
    if (open != null || closed) {
      throw new IllegalStateException(closed ? "the archive is closed" : "entry " + open.name + " is still open");
    }
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    long offset = position;
    emit(localHeader(bytes, dosTime, dosDate));
    open = new Entry(name, bytes, offset, level);
    return open;
  }

  /** Writes a whole entry at the given compression level. */
  void entry(String name, int level, byte[] content) throws IOException {
    try (OutputStream e = entry(name, level)) {
      e.write(content);
    }
  }

  /** @return the bytes written to the archive so far */
  long position() {
    return position;
  }

  /** Ends the archive (central directory and end records) and closes the stream. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      if (open != null) {
        throw new IllegalStateException("entry " + open.name + " is still open");
      }
      long directory = position;
      for (Central c : entries) {
        emit(centralHeader(c.name(), c.crc(), c.compressed(), c.size(), c.offset(), dosTime, dosDate, zip64Limit));
      }
      emit(endRecords(entries.size(), position - directory, directory, zip64Limit));
      out.flush();
    } finally {
      closed = true;
      out.close();
    }
  }

  private void emit(byte[] bytes) throws IOException {
    out.write(bytes);
    position += bytes.length;
  }

  /** The content of the open entry: blocks handed to the deflaters as they fill, written back in order. */
  private final class Entry extends OutputStream {
    private final String name;
    private final byte[] nameBytes;
    private final long offset;
    private final int level;
    private final CRC32 crc = new CRC32();
    private final ArrayDeque<Future<Deflated>> pending = new ArrayDeque<>();
    private byte[] block = buffer();
    private int filled;
    private byte[] dictionary;
    private long size;
    private long compressed;
    private boolean ended;

    Entry(String name, byte[] nameBytes, long offset, int level) {
      this.name = name;
      this.nameBytes = nameBytes;
      this.offset = offset;
      this.level = level;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (ended) {
        throw new IOException("entry " + name + " is closed");
      }
      while (len > 0) {
        int n = Math.min(len, block.length - filled);
        System.arraycopy(b, off, block, filled, n);
        filled += n;
        off += n;
        len -= n;
        if (filled == block.length) {
          submit(false);
        }
      }
    }

    @Override
    public void close() throws IOException {
      if (ended) {
        return;
      }
      ended = true;
      submit(true);
      while (!pending.isEmpty()) {
        drain();
      }
      emit(dataDescriptor(crc.getValue(), compressed, size));
      entries.add(new Central(nameBytes, crc.getValue(), compressed, size, offset));
      open = null;
    }

    private void submit(boolean last) throws IOException {
      byte[] input = block;
      int length = filled;
      byte[] primer = dictionary;
      crc.update(input, 0, length);
      size += length;
      if (!last) {
        dictionary = Arrays.copyOfRange(input, Math.max(0, length - DICTIONARY), length);
        block = buffer();
        filled = 0;
      }
      pending.add(deflaters.submit(() -> deflate(input, length, primer, last, level)));
      while (pending.size() > inFlight) {
        drain();
      }
    }

    private void drain() throws IOException {
      Deflated d;
      try {
        d = pending.remove().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while deflating " + name, e);
      } catch (ExecutionException e) {
        throw new IOException("could not deflate " + name, e.getCause());
      }
      out.write(d.data(), 0, d.length());
      position += d.length();
      compressed += d.length();
      if (d.input().length == blockSize && free.size() < inFlight) {
        free.add(d.input());
      }
    }
  }

  private byte[] buffer() {
    byte[] b = free.poll();
    return b != null ? b : new byte[blockSize];
  }

  /**
   * Raw-deflates one block at a compression level: with the previous block's tail as dictionary (null for the
   * first), ended by a sync flush (byte-aligned, {@code 00 00 FF FF}) unless it is the entry's last, which ends the
   * stream.
   */
  static Deflated deflate(byte[] input, int length, byte[] dictionary, boolean last, int level) {
    Deflater deflater = new Deflater(level, true);
    try {
      if (dictionary != null && dictionary.length > 0) {
        deflater.setDictionary(dictionary);
      }
      deflater.setInput(input, 0, length);
      if (last) {
        deflater.finish();
      }
      byte[] output = new byte[length / 2 + 64];
      int n = 0;
      while (true) {
        if (n == output.length) {
          output = Arrays.copyOf(output, output.length * 2);
        }
        int space = output.length - n;
        n += deflater.deflate(output, n, space, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
        // a sync flush is complete when it left room in the output; the last block when the stream is finished
        if (last ? deflater.finished() : n < output.length) {
          return new Deflated(output, n, input);
        }
      }
    } finally {
      deflater.end();
    }
  }

  // ---- records (APPNOTE.TXT 4.3), little-endian

  static byte[] localHeader(byte[] name, int dosTime, int dosDate) {
    ByteBuffer b = le(30 + name.length);
    b.putInt(0x04034b50).putShort((short) 20).putShort((short) FLAGS).putShort((short) DEFLATED)
        .putShort((short) dosTime).putShort((short) dosDate).putInt(0).putInt(0).putInt(0)
        .putShort((short) name.length).putShort((short) 0).put(name);
    return b.array();
  }

  /** The data descriptor, with 8-byte sizes when either reaches 4 GiB (as ZipOutputStream writes it). */
  static byte[] dataDescriptor(long crc, long compressed, long size) {
    boolean wide = compressed >= ZIP64 || size >= ZIP64;
    ByteBuffer b = le(wide ? 24 : 16);
    b.putInt(0x08074b50).putInt((int) crc);
    if (wide) {
      b.putLong(compressed).putLong(size);
    } else {
      b.putInt((int) compressed).putInt((int) size);
    }
    return b.array();
  }

  /**
   * A central directory header; a size or the offset at or above {@code limit} is 0xFFFFFFFF here and in the ZIP64
   * extra field (original size, compressed size, offset: those present, in that order).
   */
  static byte[] centralHeader(byte[] name, long crc, long compressed, long size, long offset, int dosTime,
      int dosDate, long limit) {
    boolean bigSize = size >= limit;
    boolean bigCompressed = compressed >= limit;
    boolean bigOffset = offset >= limit;
    int wide = (bigSize ? 1 : 0) + (bigCompressed ? 1 : 0) + (bigOffset ? 1 : 0);
    int extra = wide == 0 ? 0 : 4 + 8 * wide;
    short version = (short) (wide == 0 ? 20 : 45);
    ByteBuffer b = le(46 + name.length + extra);
    b.putInt(0x02014b50).putShort(version).putShort(version).putShort((short) FLAGS).putShort((short) DEFLATED)
        .putShort((short) dosTime).putShort((short) dosDate).putInt((int) crc)
        .putInt((int) (bigCompressed ? ZIP64 : compressed)).putInt((int) (bigSize ? ZIP64 : size))
        .putShort((short) name.length).putShort((short) extra).putShort((short) 0).putShort((short) 0)
        .putShort((short) 0).putInt(0).putInt((int) (bigOffset ? ZIP64 : offset)).put(name);
    if (wide > 0) {
      b.putShort((short) 0x0001).putShort((short) (8 * wide));
      if (bigSize) {
        b.putLong(size);
      }
      if (bigCompressed) {
        b.putLong(compressed);
      }
      if (bigOffset) {
        b.putLong(offset);
      }
    }
    return b.array();
  }

  /**
   * The end of central directory record, preceded by the ZIP64 end record and its locator when the entry count,
   * the directory's size or its offset does not fit (or reaches {@code limit}).
   */
  static byte[] endRecords(int count, long directorySize, long directoryOffset, long limit) {
    boolean wide = count >= ZIP64_COUNT || directorySize >= limit || directoryOffset >= limit;
    ByteBuffer b = le(22 + (wide ? 56 + 20 : 0));
    if (wide) {
      long record = directoryOffset + directorySize;
      b.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
          .putLong(count).putLong(count).putLong(directorySize).putLong(directoryOffset);
      b.putInt(0x07064b50).putInt(0).putLong(record).putInt(1);
    }
    short entries = (short) (wide ? ZIP64_COUNT : count);
    b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort(entries).putShort(entries)
        .putInt((int) (wide ? ZIP64 : directorySize)).putInt((int) (wide ? ZIP64 : directoryOffset))
        .putShort((short) 0);
    return b.array();
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
