package org.fieldsync.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** {@link FieldsyncCrypto#gunzip} against the JDK's {@link GZIPInputStream}, header options and broken input. */
class GunzipTest {
    private static final long MAX = FieldsyncCrypto.DEFAULT_MAX_ANSWERS_BYTES;

    @Test
    void decompressesWhatGzipWritesOfEverySize() throws IOException {
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 63, 64, 65, 1000, 8191, 8192, 100_000, 1 << 20}) {
            byte[] data = text(random, size);
            byte[] compressed = FieldsyncCrypto.gzip(data);

            assertArrayEquals(data, FieldsyncCrypto.gunzip(compressed, MAX), "size " + size);
            assertArrayEquals(jdk(compressed), FieldsyncCrypto.gunzip(compressed, MAX), "size " + size);
        }
    }

    @Test
    void readsOptionalHeaderFieldsAndConcatenatedMembers() throws IOException {
        byte[] a = "{\"a\":1,".getBytes(StandardCharsets.UTF_8);
        byte[] b = "\"b\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);
        byte[] withEverything = member(a, 2 | 4 | 8 | 16); // FHCRC, FEXTRA, FNAME, FCOMMENT
        byte[] two = concat(withEverything, member(b, 8));

        assertArrayEquals(a, FieldsyncCrypto.gunzip(withEverything, MAX));
        assertArrayEquals(concat(a, b), FieldsyncCrypto.gunzip(two, MAX));
        assertArrayEquals(jdk(two), FieldsyncCrypto.gunzip(two, MAX));
    }

    @Test
    void ignoresWhatFollowsTheLastMemberAsTheJdkDoes() throws IOException {
        byte[] data = "{\"x\":true}".getBytes(StandardCharsets.UTF_8);
        byte[] trailing = concat(FieldsyncCrypto.gzip(data), "garbage after the member".getBytes(StandardCharsets.UTF_8));

        assertArrayEquals(jdk(trailing), FieldsyncCrypto.gunzip(trailing, MAX));
    }

    @Test
    void refusesWhatIsNotGzipIntactAsInvalid() {
        byte[] good = FieldsyncCrypto.gzip("{\"answers\":[1,2,3,4,5,6,7,8,9,10]}".getBytes(StandardCharsets.UTF_8));
        byte[] badCrc = good.clone();
        badCrc[good.length - 8] ^= 1;
        byte[] badLength = good.clone();
        badLength[good.length - 4] ^= 1;
        byte[] badMagic = good.clone();
        badMagic[1] = 0;
        byte[] badMethod = good.clone();
        badMethod[2] = 7;
        byte[] badHeaderCrc = member("x".getBytes(StandardCharsets.UTF_8), 2);
        badHeaderCrc[10] ^= 1;
        byte[] badDeflate = good.clone();
        badDeflate[10] = (byte) 0xff; // reserved block type 3

        for (byte[] bad : new byte[][] {new byte[0], "{}".getBytes(StandardCharsets.UTF_8),
                Arrays.copyOf(good, 10), Arrays.copyOf(good, good.length - 1), Arrays.copyOf(good, good.length - 8),
                badCrc, badLength, badMagic, badMethod, badHeaderCrc, badDeflate}) {
            SealingException e = assertThrows(SealingException.class, () -> FieldsyncCrypto.gunzip(bad, MAX));
            assertEquals(SealingException.Code.ANSWERS_INVALID, e.code());
        }
    }

    @Test
    void refusesOutputOverTheBoundWhateverTheTrailerClaims() {
        byte[] data = new byte[100_000]; // compresses ~1000:1
        byte[] compressed = FieldsyncCrypto.gzip(data);
        byte[] lying = compressed.clone();
        lying[lying.length - 4] = 1; // ISIZE claims 1 byte ... the output still stops at the bound
        Arrays.fill(lying, lying.length - 3, lying.length, (byte) 0);

        assertEquals(SealingException.Code.ANSWERS_TOO_LARGE,
                assertThrows(SealingException.class, () -> FieldsyncCrypto.gunzip(compressed, 99_999)).code());
        assertEquals(SealingException.Code.ANSWERS_TOO_LARGE,
                assertThrows(SealingException.class, () -> FieldsyncCrypto.gunzip(lying, 50_000)).code());
        assertEquals(SealingException.Code.ANSWERS_INVALID,
                assertThrows(SealingException.class, () -> FieldsyncCrypto.gunzip(lying, MAX)).code());
        assertArrayEquals(data, FieldsyncCrypto.gunzip(compressed, 100_000));
    }

    private static byte[] text(Random random, int size) {
        String alphabet = "{}[]\":,0123456789abcdefghij ";
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = (byte) alphabet.charAt(random.nextInt(random.nextInt(4) == 0 ? alphabet.length() : 8));
        }
        return out;
    }

    private static byte[] jdk(byte[] compressed) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    /** One gzip member with the given header flags set (their fields filled in) around raw deflate data. */
    private static byte[] member(byte[] data, int flags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 0, 0, 0, 0, 0, (byte) 255});
        if ((flags & 4) != 0) {
            out.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'});
        }
        if ((flags & 8) != 0) {
            out.writeBytes("answers.json\0".getBytes(StandardCharsets.ISO_8859_1));
        }
        if ((flags & 16) != 0) {
            out.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
        }
        if ((flags & 2) != 0) {
            CRC32 crc = new CRC32();
            crc.update(out.toByteArray());
            out.write((int) crc.getValue() & 0xff);
            out.write((int) (crc.getValue() >> 8) & 0xff);
        }
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(deflated, new Deflater(Deflater.DEFAULT_COMPRESSION,
                true))) {
            d.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        out.writeBytes(deflated.toByteArray());
        CRC32 crc = new CRC32();
        crc.update(data);
        for (long v : new long[] {crc.getValue(), data.length}) {
            for (int i = 0; i < 4; i++) {
                out.write((int) (v >> (8 * i)) & 0xff);
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
