package org.fieldsync.server.export;

import java.io.Writer;
import java.util.Arrays;

/**
 * A writer that keeps what is written as UTF-8 bytes, reusable: the export's flattened rows go straight to the bytes
 * of their segment instead of through a {@code StringWriter}, its string and that string's bytes. The bytes are those
 * {@code String.getBytes(UTF_8)} gives for the same text, a surrogate without its pair included ({@code ?}), also
 * when a pair is split between two writes. Not thread-safe.
 */
final class Utf8Text extends Writer {
  private byte[] bytes;
  private int size;
  /** A high surrogate written last, waiting for its low half. */
  private char high;

  Utf8Text(int capacity) {
    this.bytes = new byte[Math.max(16, capacity)];
  }

  @Override
  public void write(char[] text, int off, int len) {
    ensure(len);
    for (int i = off; i < off + len; i++) {
      put(text[i]);
    }
  }

  @Override
  public void write(String text, int off, int len) {
    ensure(len);
    for (int i = off; i < off + len; i++) {
      put(text.charAt(i));
    }
  }

  @Override
  public void write(int c) {
    ensure(1);
    put((char) c);
  }

  /** The bytes; the first {@link #size()} are the text. Valid until the next write or {@link #reset()}. */
  byte[] array() {
    endPair();
    return bytes;
  }

  int size() {
    endPair();
    return size;
  }

  /** Whether the bytes from {@code at} on start with {@code prefix}. */
  boolean has(int at, byte[] prefix) {
    endPair();
    return at >= 0 && at + prefix.length <= size
        && Arrays.equals(bytes, at, at + prefix.length, prefix, 0, prefix.length);
  }

  /** Forgets the text, keeping the memory. */
  void reset() {
    size = 0;
    high = 0;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  private void ensure(int chars) {
    long need = size + 3L * chars + 4; // at most 3 bytes a char, 4 for a pending pair completed
    if (need > bytes.length) {
      bytes = Arrays.copyOf(bytes, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * bytes.length)));
    }
  }

  /** A high surrogate left at the end has no pair: {@code ?}, as {@code getBytes} writes it. */
  private void endPair() {
    if (high != 0) {
      high = 0;
      ensure(1);
      bytes[size++] = '?';
    }
  }

  private void put(char c) {
    if (high != 0) {
      char h = high;
      high = 0;
      if (Character.isLowSurrogate(c)) {
        int cp = Character.toCodePoint(h, c);
        bytes[size++] = (byte) (0xf0 | cp >> 18);
        bytes[size++] = (byte) (0x80 | (cp >> 12 & 0x3f));
        bytes[size++] = (byte) (0x80 | (cp >> 6 & 0x3f));
        bytes[size++] = (byte) (0x80 | (cp & 0x3f));
        return;
      }
      bytes[size++] = '?';
    }
    if (c < 0x80) {
      bytes[size++] = (byte) c;
    } else if (c < 0x800) {
      bytes[size++] = (byte) (0xc0 | c >> 6);
      bytes[size++] = (byte) (0x80 | (c & 0x3f));
    } else if (Character.isHighSurrogate(c)) {
      high = c;
    } else if (Character.isLowSurrogate(c)) {
      bytes[size++] = '?';
    } else {
      bytes[size++] = (byte) (0xe0 | c >> 12);
      bytes[size++] = (byte) (0x80 | (c >> 6 & 0x3f));
      bytes[size++] = (byte) (0x80 | (c & 0x3f));
    }
  }
}
