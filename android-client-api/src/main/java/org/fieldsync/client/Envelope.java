package org.fieldsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.fieldsync.client.json.Base64Url;
import org.fieldsync.client.json.Canonical;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A sealed and signed interview: the exact bytes that travel from the tablet's outbox to the server and are kept
 * there. Format 1 is the canonical JSON
 * <pre>{"sealed":{"ciphertext":"…","enc":"…","header":{…},"headerTag":"…"},"signature":"…"}</pre>
 * where the signature is Ed25519 over the bytes of the {@code sealed} object and the {@code header} object's bytes
 * are the AEAD associated data (docs/sync-protocol.md).
 *
 * <p>{@link #parse(byte[])} checks the structure, the canonical form and the header; it does not check the
 * signature or decrypt (see {@link FieldsyncCrypto#open}). Immutable and thread-safe.
 */
public final class Envelope {
    /** The media type of an envelope in an HTTP body. */
    public static final String MEDIA_TYPE = "application/vnd.fieldsync.envelope+json";

    static final int ENC_CHARS = Base64Url.encodedLength(32);
    static final int TAG_CHARS = Base64Url.encodedLength(32);
    static final int SIGNATURE_CHARS = Base64Url.encodedLength(64);
    private static final byte[] HEAD = ascii("{\"sealed\":");
    private static final byte[] CIPHERTEXT = ascii("{\"ciphertext\":\"");
    private static final byte[] ENC = ascii("\",\"enc\":\"");
    private static final byte[] HEADER = ascii("\",\"header\":");
    private static final byte[] HEADER_TAG = ascii(",\"headerTag\":\"");
    private static final byte[] SEALED_END = ascii("\"}");
    private static final byte[] SIGNATURE = ascii(",\"signature\":\"");
    private static final byte[] END = ascii("\"}");

    private final byte[] bytes;
    private final EnvelopeHeader header;
    final int sealedOffset;
    final int sealedLength;
    final int ciphertextOffset;
    final int ciphertextLength;
    final int encOffset;
    final int headerOffset;
    final int headerLength;
    final int headerTagOffset;
    final int signatureOffset;
    private volatile String sha256;

    private Envelope(byte[] bytes, EnvelopeHeader header, int ciphertextOffset, int ciphertextLength, int encOffset,
                     int headerOffset, int headerLength, int headerTagOffset, int signatureOffset) {
        this.bytes = bytes;
        this.header = header;
        this.sealedOffset = HEAD.length;
        this.sealedLength = signatureOffset - SIGNATURE.length - HEAD.length;
        this.ciphertextOffset = ciphertextOffset;
        this.ciphertextLength = ciphertextLength;
        this.encOffset = encOffset;
        this.headerOffset = headerOffset;
        this.headerLength = headerLength;
        this.headerTagOffset = headerTagOffset;
        this.signatureOffset = signatureOffset;
    }

    /**
     * Reads an envelope. The array is not copied: the caller hands it over and must not change it afterwards.
     *
     * @param bytes the envelope bytes, e.g. an HTTP request body or an outbox file
     * @return the envelope
     * @throws SealingException with {@link SealingException.Code#ENVELOPE_MALFORMED} if the bytes are not a format
     *                          1 envelope in canonical form with a valid header
     */
    public static Envelope parse(byte[] bytes) {
        try {
            return read(bytes);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new SealingException(SealingException.Code.ENVELOPE_MALFORMED,
                    "not a fieldsync.envelope/1 in canonical form: " + e.getMessage(), e);
        }
    }

    private static Envelope read(byte[] b) {
        int n = b.length;
        int minimum = HEAD.length + CIPHERTEXT.length + ENC.length + ENC_CHARS + HEADER.length + 2
                + HEADER_TAG.length + TAG_CHARS + SEALED_END.length + SIGNATURE.length + SIGNATURE_CHARS + END.length;
        if (n < minimum) {
            throw new IllegalArgumentException("too short (" + n + " bytes)");
        }
        expect(b, 0, HEAD, "start");
        int i = expect(b, HEAD.length, CIPHERTEXT, "/sealed/ciphertext");
        int ciphertextOffset = i;
        i = base64Run(b, i, n, "/sealed/ciphertext");
        int ciphertextLength = i - ciphertextOffset;
        if (ciphertextLength < Base64Url.encodedLength(16)) {
            throw new IllegalArgumentException("/sealed/ciphertext is shorter than an AEAD tag");
        }
        i = expect(b, i, ENC, "/sealed/enc");
        int encOffset = i;
        i = base64Run(b, i, n, "/sealed/enc");
        if (i - encOffset != ENC_CHARS) {
            throw new IllegalArgumentException("/sealed/enc must hold 32 bytes");
        }
        int headerOffset = expect(b, i, HEADER, "/sealed/header");

        // The rest has fixed lengths and is read from the end.
        int signatureOffset = n - END.length - SIGNATURE_CHARS;
        expect(b, n - END.length, END, "end");
        expect(b, signatureOffset - SIGNATURE.length, SIGNATURE, "/signature");
        base64Exact(b, signatureOffset, SIGNATURE_CHARS, "/signature");
        int sealedEnd = signatureOffset - SIGNATURE.length;
        expect(b, sealedEnd - SEALED_END.length, SEALED_END, "end of /sealed");
        int headerTagOffset = sealedEnd - SEALED_END.length - TAG_CHARS;
        base64Exact(b, headerTagOffset, TAG_CHARS, "/sealed/headerTag");
        int headerEnd = headerTagOffset - HEADER_TAG.length;
        expect(b, headerEnd, HEADER_TAG, "/sealed/headerTag");
        int headerLength = headerEnd - headerOffset;
        if (headerLength < 2) {
            throw new IllegalArgumentException("/sealed/header is missing");
        }
        JsonNode headerNode = Canonical.parse(b, headerOffset, headerLength);
        byte[] canonical = Canonical.toBytes(headerNode);
        if (!regionEquals(canonical, b, headerOffset, headerLength)) {
            throw new IllegalArgumentException("/sealed/header is not in canonical form");
        }
        EnvelopeHeader header = EnvelopeHeader.fromJson(headerNode);
        return new Envelope(b, header, ciphertextOffset, ciphertextLength, encOffset, headerOffset, headerLength,
                headerTagOffset, signatureOffset);
    }

    /** Assembles the envelope bytes from its parts (the sealing side). */
    static byte[] assemble(byte[] ciphertext, byte[] enc, byte[] headerJson, byte[] headerTag, byte[] signature) {
        byte[] c = Base64Url.encodeToAscii(ciphertext);
        byte[] e = Base64Url.encodeToAscii(enc);
        byte[] t = Base64Url.encodeToAscii(headerTag);
        byte[] s = Base64Url.encodeToAscii(signature);
        byte[] out = new byte[HEAD.length + CIPHERTEXT.length + c.length + ENC.length + e.length + HEADER.length
                + headerJson.length + HEADER_TAG.length + t.length + SEALED_END.length + SIGNATURE.length + s.length
                + END.length];
        int i = 0;
        for (byte[] part : new byte[][] {HEAD, CIPHERTEXT, c, ENC, e, HEADER, headerJson, HEADER_TAG, t, SEALED_END,
                SIGNATURE, s, END}) {
            System.arraycopy(part, 0, out, i, part.length);
            i += part.length;
        }
        return out;
    }

    /** @return where the signed part (the {@code sealed} object) starts in an assembled envelope */
    static int sealedOffset() {
        return HEAD.length;
    }

    /** @return the length of the signed part of an assembled envelope */
    static int sealedLength(byte[] assembled) {
        return assembled.length - HEAD.length - SIGNATURE.length - SIGNATURE_CHARS - END.length;
    }

    /** @return where the signature text starts in an assembled envelope */
    static int signatureOffset(byte[] assembled) {
        return assembled.length - END.length - SIGNATURE_CHARS;
    }

    private static int expect(byte[] b, int at, byte[] literal, String where) {
        if (at < 0 || at + literal.length > b.length) {
            throw new IllegalArgumentException("unexpected end at " + where);
        }
        for (int k = 0; k < literal.length; k++) {
            if (b[at + k] != literal[k]) {
                throw new IllegalArgumentException("unexpected byte at " + where + " (offset " + (at + k) + ")");
            }
        }
        return at + literal.length;
    }

    private static int base64Run(byte[] b, int from, int limit, String where) {
        int i = from;
        while (i < limit && b[i] != '"') {
            if (!Base64Url.isAlphabet((char) (b[i] & 0xff))) {
                throw new IllegalArgumentException(where + " must be base64url without padding");
            }
            i++;
        }
        if (i == limit) {
            throw new IllegalArgumentException("unexpected end in " + where);
        }
        if ((i - from) % 4 == 1) {
            throw new IllegalArgumentException(where + " has an impossible base64 length");
        }
        return i;
    }

    private static void base64Exact(byte[] b, int from, int length, String where) {
        for (int i = from; i < from + length; i++) {
            if (!Base64Url.isAlphabet((char) (b[i] & 0xff))) {
                throw new IllegalArgumentException(where + " must be base64url without padding");
            }
        }
    }

    static boolean regionEquals(byte[] a, byte[] b, int offset, int length) {
        if (a.length != length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (a[k] != b[offset + k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** @return the header, as read from (and authenticated by) the envelope */
    public EnvelopeHeader header() {
        return header;
    }

    /** @return the envelope's size in bytes */
    public int size() {
        return bytes.length;
    }

    /** @return a copy of the envelope's bytes */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /**
     * Writes the envelope's bytes without copying them.
     *
     * @param out where to write
     * @throws IOException from the stream
     */
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
    }

    /** @return the lowercase hex SHA-256 of the envelope's bytes, as a receipt states it */
    public String sha256() {
        String s = sha256;
        if (s == null) {
            s = FieldsyncCrypto.sha256Hex(bytes, 0, bytes.length);
            sha256 = s;
        }
        return s;
    }

    /** @return the header's canonical JSON, a fresh copy of the associated data */
    public byte[] headerJson() {
        return Arrays.copyOfRange(bytes, headerOffset, headerOffset + headerLength);
    }

    byte[] bytes() {
        return bytes;
    }

    /** @return whether the other object is an envelope with the same bytes */
    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope && Arrays.equals(bytes, ((Envelope) o).bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Envelope[" + header.interviewId() + "#" + header.revision() + ", " + bytes.length + " bytes]";
    }
}
