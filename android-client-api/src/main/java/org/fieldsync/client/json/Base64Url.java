package org.fieldsync.client.json;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * The one binary-to-text encoding of the protocol: base64url without padding (RFC 4648 section 5). Decoding is
 * strict: only {@code A-Z a-z 0-9 - _}, no {@code =}, no white space, and a length that base64 can produce.
 *
 * <p>Thread-safe; all methods are static.
 */
public final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    /**
     * @param bytes any bytes
     * @return their base64url text without padding
     */
    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * @param bytes any bytes
     * @return their base64url encoding without padding, as ASCII bytes
     */
    public static byte[] encodeToAscii(byte[] bytes) {
        return ENCODER.encode(bytes);
    }

    /**
     * @param text base64url without padding
     * @return the decoded bytes
     * @throws IllegalArgumentException if the text is {@code null} or not strict base64url without padding
     */
    public static byte[] decode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("base64url text is missing");
        }
        for (int i = 0; i < text.length(); i++) {
            if (!isAlphabet(text.charAt(i))) {
                throw new IllegalArgumentException("not base64url without padding: character " + i);
            }
        }
        if (text.length() % 4 == 1) {
            throw new IllegalArgumentException("not base64url: impossible length " + text.length());
        }
        return DECODER.decode(text);
    }

    /**
     * Decodes a region of ASCII bytes without copying it first.
     *
     * @param ascii  the array
     * @param offset where the text starts
     * @param length how many characters it has
     * @return the decoded bytes, in an array of exactly their length
     * @throws IllegalArgumentException if the region is not strict base64url without padding
     */
    public static byte[] decode(byte[] ascii, int offset, int length) {
        if (length % 4 == 1) {
            throw new IllegalArgumentException("not base64url: impossible length " + length);
        }
        for (int i = offset; i < offset + length; i++) {
            if (!isAlphabet((char) (ascii[i] & 0xff))) {
                throw new IllegalArgumentException("not base64url without padding: character " + (i - offset));
            }
        }
        ByteBuffer decoded = DECODER.decode(ByteBuffer.wrap(ascii, offset, length));
        if (decoded.hasArray() && decoded.arrayOffset() == 0 && decoded.remaining() == decoded.array().length) {
            return decoded.array();
        }
        byte[] out = new byte[decoded.remaining()];
        decoded.get(out);
        return out;
    }

    /**
     * @param c a character
     * @return whether it belongs to the base64url alphabet
     */
    public static boolean isAlphabet(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /**
     * @param byteCount a number of bytes
     * @return how many characters their unpadded base64url encoding has
     */
    public static int encodedLength(int byteCount) {
        return (byteCount / 3) * 4 + (byteCount % 3 == 0 ? 0 : byteCount % 3 + 1);
    }
}
