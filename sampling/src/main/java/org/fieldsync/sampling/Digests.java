package org.fieldsync.sampling;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * All cryptography of the sampling library, in one place: SHA-256 of frames and of stored orders, and the
 * derivation of random starts from a master seed.
 *
 * <p>Start derivation (scheme {@value #START_SCHEME}): for a master seed {@code s} (a signed 64-bit integer written
 * in decimal) and a key {@code k} (for example {@code stage1/HIGH} or {@code stage2/EA01/EMIG}, see {@link Starts}),
 * with a counter {@code c = 0, 1, ...}: take the SHA-256 of the UTF-8 bytes of
 * {@code "fieldsync-sampling/start/v1\n" + s + "\n" + k + "\n" + c}, read its first 8 bytes as a big-endian unsigned
 * integer, keep its top 53 bits {@code m} and return {@code u = m / 2^53}. If {@code m = 0} (u would be exactly 0),
 * redraw with the next counter. So u lies in the open interval (0, 1), depends only on the seed and the key (adding
 * a stratum does not move the starts of the others), and anyone can recompute it with any SHA-256 tool.
 */
final class Digests {
    /** Identifier of the start-derivation scheme, stored in every plan record. */
    static final String START_SCHEME = "sha256-v1";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Digests() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        return hex(sha256().digest(bytes));
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /** Adds the UTF-8 bytes of {@code s} and a newline to {@code md}. */
    static void updateLine(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
        md.update((byte) '\n');
    }

    /** The start for {@code key} under {@code seed}; see the class comment. */
    static double start(long seed, String key) {
        MessageDigest md = sha256();
        for (int counter = 0; ; counter++) {
            byte[] d = md.digest(("fieldsync-sampling/start/v1\n" + seed + "\n" + key + "\n" + counter)
                    .getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xFFL);
            }
            long m = v >>> 11;
            if (m != 0) {
                return m * 0x1.0p-53;
            }
        }
    }
}
