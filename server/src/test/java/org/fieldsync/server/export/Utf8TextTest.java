package org.fieldsync.server.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Utf8Text} gives the bytes {@code String.getBytes(UTF_8)} gives, however the text is cut into writes. */
class Utf8TextTest {
  private static final char[] ALPHABET = {'a', 'Z', '0', ',', '"', '\r', '\n', 'é', 'ß', 'ا', '中', '€', '\uffff',
      '\ud83d', '\ude00', '\ud800', '\udfff', '\u0000', '\u007f', '\u0080', '\u07ff', '\u0800'};

  @Test
  void matchesGetBytesForEveryCutOfRandomText() {
    Random random = new Random(11);
    Utf8Text text = new Utf8Text(4); // grows
    for (int round = 0; round < 3000; round++) {
      char[] chars = new char[random.nextInt(60)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = ALPHABET[random.nextInt(ALPHABET.length)];
      }
      String s = new String(chars);
      text.reset();
      for (int at = 0; at < chars.length; ) {
        int n = Math.min(chars.length - at, random.nextInt(5));
        switch (random.nextInt(3)) {
          case 0 -> text.write(chars, at, n);
          case 1 -> text.write(s, at, n);
          default -> {
            n = Math.min(1, chars.length - at);
            if (n == 1) {
              text.write(chars[at]);
            }
          }
        }
        at += n;
      }
      assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), Arrays.copyOf(text.array(), text.size()),
          "text " + s.chars().mapToObj(Integer::toHexString).toList());
    }
  }

  @Test
  void comparesAPrefixAtAnOffset() throws java.io.IOException {
    Utf8Text text = new Utf8Text(16);
    text.write("id-1,2,é,,");
    assertTrue(text.has(0, "id-1".getBytes(StandardCharsets.UTF_8)));
    assertTrue(text.has(7, "é,,".getBytes(StandardCharsets.UTF_8)));
    assertFalse(text.has(7, "é,,,".getBytes(StandardCharsets.UTF_8)));
    assertFalse(text.has(-1, new byte[0]));
  }
}
