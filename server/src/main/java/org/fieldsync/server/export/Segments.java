package org.fieldsync.server.export;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;

/**
 * The temporary files of one export level, one a slice of storage order: what every revision read gave at that
 * level, in storage order, before it is known which revisions are in the data. Each revision that has rows at the level (or could not be read, at the
 * root level) is one segment: a header, then its CSV rows as UTF-8. Keeping the decision's inputs in the file, not in
 * memory, keeps memory flat whatever the number of revisions.
 *
 * <p>Header (24 bytes, big-endian): the household's slot in the {@link SampleTable} (int), the hash of the
 * revision's storage id ({@link SampleTable#hash}, long), the number of rows ({@link #UNREADABLE} or {@link #FAILED}
 * for a revision that gave none: its payload is then the message), where the root row's extra design cells go
 * (bytes into the payload; 0 at other levels) and the payload's length in bytes.
 */
final class Segments {
  /** Rows of a revision whose answers could not be opened or parsed: left out with a warning. */
  static final int UNREADABLE = -1;
  /** Rows of a revision that could not be flattened: the export fails if it is in the data. */
  static final int FAILED = -2;

  private Segments() {}

  /** Appends a segment's header; its {@code length} bytes of payload are to follow. */
  static void header(DataOutputStream out, int slot, long hash, int rows, int keyEnd, int length)
      throws IOException {
    out.writeInt(slot);
    out.writeLong(hash);
    out.writeInt(rows);
    out.writeInt(keyEnd);
    out.writeInt(length);
  }

  /** Reads a level's file segment by segment: {@link #next()}, then {@link #payload()} or {@link #skip()}. */
  static final class Reader implements Closeable {
    private final DataInputStream in;
    private byte[] buffer = new byte[1 << 16];
    private int slot;
    private long hash;
    private int rows;
    private int keyEnd;
    private int length;
    private long read;

    /** Reads the files one after the other (a level's slices, in storage order), each opened when reached. */
    Reader(List<Path> files) {
      Iterator<Path> next = files.iterator();
      Enumeration<InputStream> streams = new Enumeration<>() {
        @Override
        public boolean hasMoreElements() {
          return next.hasNext();
        }

        @Override
        public InputStream nextElement() {
          try {
            return Files.newInputStream(next.next());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
      in = new DataInputStream(new BufferedInputStream(new SequenceInputStream(streams), 1 << 16));
    }

    /** Reads the next header; false at the end of the file. */
    boolean next() throws IOException {
      try {
        slot = in.readInt();
      } catch (EOFException end) {
        return false;
      }
      hash = in.readLong();
      rows = in.readInt();
      keyEnd = in.readInt();
      length = in.readInt();
      read += 24 + length;
      return true;
    }

    int slot() {
      return slot;
    }

    long hash() {
      return hash;
    }

    int rows() {
      return rows;
    }

    int keyEnd() {
      return keyEnd;
    }

    int length() {
      return length;
    }

    /** @return bytes of the file taken so far, headers and payloads */
    long read() {
      return read;
    }

    /** Reads the segment's payload: its first {@link #length()} bytes, valid until the next call. */
    byte[] payload() throws IOException {
      if (buffer.length < length) {
        buffer = new byte[Math.max(length, buffer.length * 2)];
      }
      in.readFully(buffer, 0, length);
      return buffer;
    }

    /** Passes over the segment's payload. */
    void skip() throws IOException {
      in.skipNBytes(length);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
