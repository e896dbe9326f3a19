package org.fieldsync.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.bouncycastle.util.Arrays;
import org.fieldsync.client.json.Base64Url;
import org.fieldsync.client.json.Canonical;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.GZIPOutputStream;

/**
 * All the cryptography of fieldsync's sync protocol, for the tablet and the server alike (docs/sync-protocol.md).
 *
 * <p><b>Sealing.</b> An interview's answers (UTF-8 JSON) are gzip-compressed (RFC 1952) and encrypted with HPKE
 * (RFC 9180) in mode_base with DHKEM(X25519, HKDF-SHA256), HKDF-SHA256 and AES-256-GCM — suite ids 0x0020, 0x0001,
 * 0x0002 — to the survey's X25519 public key, with {@code info} = the ASCII bytes of {@value #HPKE_INFO}. One
 * message is sealed per HPKE context (sequence number 0); every envelope has a fresh encapsulated key. The plaintext
 * header, in canonical JSON, is the AEAD associated data, so none of its members can be changed or swapped without
 * the AEAD refusing the ciphertext. Bouncy Castle's {@code org.bouncycastle.crypto.hpke.HPKE} does the work.
 *
 * <p><b>Header tag.</b> To tell a changed header from a changed ciphertext, the envelope also carries
 * {@code headerTag} = HMAC-SHA256 (RFC 2104) of the header bytes under the 32-byte secret exported from the HPKE
 * context with exporter context {@value #HEADER_TAG_CONTEXT} (RFC 9180 section 5.3). It adds no protection the AEAD
 * does not give; it lets a server report which part was altered.
 *
 * <p><b>Signatures.</b> The device signs the bytes of the envelope's {@code sealed} object with Ed25519 (RFC 8032,
 * pure, no context); the server signs the bytes of a receipt's {@code receipt} object with its own Ed25519 key; an
 * enrolling device proves it holds its key by signing a small canonical object. Every signed object names its format
 * ({@code fieldsync.envelope/1}, {@code fieldsync.receipt/1}, {@code fieldsync.enrolment/1}), which keeps the three
 * kinds of signature apart.
 *
 * <p>All methods are static and thread-safe. Bouncy Castle's HPKE object keeps per-call state, so each thread has
 * its own.
 */
public final class FieldsyncCrypto {
    /** The HPKE {@code info} string (its ASCII bytes are the info parameter). */
    public static final String HPKE_INFO = "fieldsync.envelope/1";
    /** The exporter context (ASCII) of the header tag's key. */
    public static final String HEADER_TAG_CONTEXT = "fieldsync.envelope/1 header-tag";
    /** The format of the object an enrolling device signs. */
    public static final String ENROLMENT_FORMAT = "fieldsync.enrolment/1";
    /** The default bound on decompressed answers when opening: 16 MiB. */
    public static final long DEFAULT_MAX_ANSWERS_BYTES = 16L * 1024 * 1024;

    private static final byte[] INFO = HPKE_INFO.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TAG_CONTEXT = HEADER_TAG_CONTEXT.getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<HPKE> SUITE = ThreadLocal.withInitial(() ->
            new HPKE(HPKE.mode_base, HPKE.kem_X25519_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256));

    private FieldsyncCrypto() {
    }

    // ---------------------------------------------------------------- keys

    /** @return a new random Ed25519 key pair (a device key or a server signing key) */
    public static SigningKeyPair generateSigningKeyPair() {
        return new SigningKeyPair(new Ed25519PrivateKeyParameters(RANDOM));
    }

    /**
     * @param privateKey a 32-byte Ed25519 private key (RFC 8032 seed), e.g. read back from protected storage
     * @return the key pair
     * @throws SealingException {@link SealingException.Code#KEY_INVALID} if the key is not 32 bytes
     */
    public static SigningKeyPair signingKeyPair(byte[] privateKey) {
        if (privateKey == null || privateKey.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new SealingException(SealingException.Code.KEY_INVALID, "an Ed25519 private key has 32 bytes");
        }
        return new SigningKeyPair(new Ed25519PrivateKeyParameters(privateKey, 0));
    }

    /** @return a new random X25519 survey key pair whose key id is {@link #keyId(byte[])} of its public key */
    public static SurveyKeyPair generateSurveyKeyPair() {
        X25519PrivateKeyParameters sk = new X25519PrivateKeyParameters(RANDOM);
        return new SurveyKeyPair(keyId(sk.generatePublicKey().getEncoded()), sk);
    }

    /**
     * @param keyId      the key's id
     * @param privateKey the 32-byte X25519 private key
     * @return the survey key pair
     * @throws SealingException {@link SealingException.Code#KEY_INVALID} if the key is not 32 bytes
     */
    public static SurveyKeyPair surveyKeyPair(String keyId, byte[] privateKey) {
        if (privateKey == null || privateKey.length != X25519PrivateKeyParameters.KEY_SIZE) {
            throw new SealingException(SealingException.Code.KEY_INVALID, "an X25519 private key has 32 bytes");
        }
        return new SurveyKeyPair(keyId, new X25519PrivateKeyParameters(privateKey, 0));
    }

    /**
     * The recommended key id of a public key: the first 16 lowercase hex digits of its SHA-256.
     *
     * @param publicKey a public key
     * @return its key id
     */
    public static String keyId(byte[] publicKey) {
        return sha256Hex(publicKey, 0, publicKey.length).substring(0, 16);
    }

    /**
     * @param keyPair a device key held in memory
     * @return a signer over it
     */
    public static DeviceSigner signer(SigningKeyPair keyPair) {
        Objects.requireNonNull(keyPair, "keyPair");
        return new DeviceSigner() {
            @Override
            public byte[] publicKey() {
                return keyPair.publicKey();
            }

            @Override
            public byte[] sign(byte[] message, int offset, int length) {
                return FieldsyncCrypto.sign(keyPair, message, offset, length);
            }
        };
    }

    // ---------------------------------------------------------------- signatures

    /**
     * Signs with pure Ed25519.
     *
     * @param keyPair the signing key
     * @param message the array holding the message
     * @param offset  where the message starts
     * @param length  its length
     * @return the 64-byte signature
     */
    public static byte[] sign(SigningKeyPair keyPair, byte[] message, int offset, int length) {
        byte[] signature = new byte[Ed25519PrivateKeyParameters.SIGNATURE_SIZE];
        keyPair.privateKey.sign(Ed25519.Algorithm.Ed25519, keyPair.publicKey, null, message, offset, length,
                signature, 0);
        return signature;
    }

    /**
     * Verifies a pure Ed25519 signature.
     *
     * @param publicKey       the 32-byte public key
     * @param message         the array holding the message
     * @param offset          where the message starts
     * @param length          its length
     * @param signature       the array holding the 64-byte signature
     * @param signatureOffset where the signature starts
     * @return whether the signature is valid; {@code false} also for a malformed key or signature
     */
    public static boolean verify(byte[] publicKey, byte[] message, int offset, int length, byte[] signature,
                                 int signatureOffset) {
        if (publicKey == null || publicKey.length != Ed25519PublicKeyParameters.KEY_SIZE || signature == null
                || signature.length - signatureOffset < Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
            return false;
        }
        try {
            return new Ed25519PublicKeyParameters(publicKey, 0)
                    .verify(Ed25519.Algorithm.Ed25519, null, message, offset, length, signature, signatureOffset);
        } catch (RuntimeException e) {
            return false; // a public key that is not a curve point
        }
    }

    // ---------------------------------------------------------------- envelopes

    /**
     * Seals and signs an interview.
     *
     * @param header      the plaintext header; its {@code surveyKeyId} must be the key's id
     * @param answersJson the answers, one JSON object in UTF-8
     * @param surveyKey   the survey's current public key
     * @param signer      the device's signer
     * @return the envelope
     * @throws IllegalArgumentException if the answers are not a JSON object or the header names another survey key
     * @throws SealingException         {@link SealingException.Code#KEY_INVALID} if the survey key is not a usable
     *                                  X25519 public key
     */
    public static Envelope seal(EnvelopeHeader header, byte[] answersJson, PublishedKey surveyKey,
                                DeviceSigner signer) {
        if (!header.surveyKeyId().equals(surveyKey.keyId())) {
            throw new IllegalArgumentException("the header names survey key " + header.surveyKeyId()
                    + " but the envelope is sealed to " + surveyKey.keyId());
        }
        if (!Canonical.parse(answersJson).isObject()) {
            throw new IllegalArgumentException("the answers must be a JSON object");
        }
        byte[] aad = header.canonicalJson();
        HPKEContextWithEncapsulation context;
        try {
            context = SUITE.get().setupBaseS(new X25519PublicKeyParameters(surveyKey.publicKeyUnsafe(), 0), INFO);
        } catch (RuntimeException e) {
            throw new SealingException(SealingException.Code.KEY_INVALID,
                    "survey key " + surveyKey.keyId() + " is not a usable X25519 public key", e);
        }
        byte[] headerTag = hmac(context.export(TAG_CONTEXT, 32), aad, 0, aad.length);
        byte[] ciphertext;
        try {
            ciphertext = context.seal(aad, gzip(answersJson));
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("AES-GCM refused to encrypt", e);
        }
        byte[] bytes = Envelope.assemble(ciphertext, context.getEncapsulation(), aad, headerTag,
                new byte[Ed25519PrivateKeyParameters.SIGNATURE_SIZE]);
        byte[] signature = signer.sign(bytes, Envelope.sealedOffset(), Envelope.sealedLength(bytes));
        byte[] signatureText = Base64Url.encodeToAscii(signature);
        System.arraycopy(signatureText, 0, bytes, Envelope.signatureOffset(bytes), signatureText.length);
        return Envelope.parse(bytes);
    }

    /**
     * Checks an envelope's signature.
     *
     * @param envelope        the envelope
     * @param devicePublicKey the enrolled public key of the device that should have signed it
     * @throws SealingException {@link SealingException.Code#SIGNATURE_INVALID} if it does not verify
     */
    public static void verifySignature(Envelope envelope, byte[] devicePublicKey) {
        byte[] b = envelope.bytes();
        byte[] signature = Base64Url.decode(b, envelope.signatureOffset, Envelope.SIGNATURE_CHARS);
        if (!verify(devicePublicKey, b, envelope.sealedOffset, envelope.sealedLength, signature, 0)) {
            throw new SealingException(SealingException.Code.SIGNATURE_INVALID,
                    "the envelope's signature does not verify with the device's public key");
        }
    }

    /**
     * Checks that an upload is authentic and meant for where it was sent, without decrypting: the signature with the
     * device's key, then the header's interview id, revision and device against the request. A server calls it
     * before its revision checks and opens the envelope afterwards.
     *
     * @param envelope the uploaded envelope
     * @param upload   the path's interview id and revision and the authenticated device
     * @throws SealingException {@link SealingException.Code#SIGNATURE_INVALID}, or
     *                          {@link SealingException.Code#HEADER_MISMATCH} with {@link SealingException#field()}
     *                          naming {@code interviewId}, {@code revision} or {@code deviceId}
     */
    public static void authenticate(Envelope envelope, UploadContext upload) {
        verifySignature(envelope, upload.devicePublicKeyUnsafe());
        EnvelopeHeader h = envelope.header();
        if (!h.interviewId().equals(upload.interviewId())) {
            throw mismatch("interviewId", "the envelope is for interview " + h.interviewId() + ", not "
                    + upload.interviewId());
        }
        if (h.revision() != upload.revision()) {
            throw mismatch("revision", "the envelope is revision " + h.revision() + ", not " + upload.revision());
        }
        if (!h.deviceId().equals(upload.deviceId())) {
            throw mismatch("deviceId", "the envelope names device " + h.deviceId() + ", not the uploading device");
        }
    }

    /**
     * Opens an upload: {@link #authenticate} (signature, then header against the request), then decrypts and
     * decompresses the answers (at most {@link #DEFAULT_MAX_ANSWERS_BYTES}).
     *
     * @param envelope  the uploaded envelope
     * @param upload    the path's interview id and revision and the authenticated device
     * @param surveyKey the survey private key named by the header's {@code surveyKeyId}
     * @return the header and the answers
     * @throws SealingException {@link SealingException.Code#SIGNATURE_INVALID},
     *                          {@link SealingException.Code#HEADER_MISMATCH} (with {@link SealingException#field()}),
     *                          or any code of {@link #open(Envelope, byte[], SurveyKeyPair, long)}
     */
    public static OpenedEnvelope open(Envelope envelope, UploadContext upload, SurveyKeyPair surveyKey) {
        authenticate(envelope, upload);
        return decrypt(envelope, surveyKey, DEFAULT_MAX_ANSWERS_BYTES);
    }

    /**
     * Opens an envelope: verifies the signature, then decrypts and decompresses the answers. Use it to read a
     * stored envelope again; for an upload use {@link #open(Envelope, UploadContext, SurveyKeyPair)}.
     *
     * @param envelope        the envelope
     * @param devicePublicKey the enrolled public key of the device that signed it
     * @param surveyKey       the survey private key named by the header's {@code surveyKeyId}
     * @param maxAnswersBytes the largest decompressed answers accepted
     * @return the header and the answers
     * @throws SealingException {@link SealingException.Code#SIGNATURE_INVALID},
     *                          {@link SealingException.Code#SURVEY_KEY_MISMATCH},
     *                          {@link SealingException.Code#HEADER_TAMPERED},
     *                          {@link SealingException.Code#CIPHERTEXT_TAMPERED},
     *                          {@link SealingException.Code#ANSWERS_INVALID} or
     *                          {@link SealingException.Code#ANSWERS_TOO_LARGE}, checked in this order
     */
    public static OpenedEnvelope open(Envelope envelope, byte[] devicePublicKey, SurveyKeyPair surveyKey,
                                      long maxAnswersBytes) {
        verifySignature(envelope, devicePublicKey);
        return decrypt(envelope, surveyKey, maxAnswersBytes);
    }

    /**
     * Decrypts an envelope whose signature and header the caller has <em>already</em> checked with
     * {@link #authenticate(Envelope, UploadContext)} (the server does that before its revision rules): spares a
     * second Ed25519 verification. Never call it on an envelope that was not authenticated.
     *
     * @param envelope        an authenticated envelope
     * @param surveyKey       the survey private key named by the header's {@code surveyKeyId}
     * @param maxAnswersBytes the largest decompressed answers accepted
     * @return the header and the answers
     * @throws SealingException {@link SealingException.Code#SURVEY_KEY_MISMATCH},
     *                          {@link SealingException.Code#HEADER_TAMPERED},
     *                          {@link SealingException.Code#CIPHERTEXT_TAMPERED},
     *                          {@link SealingException.Code#ANSWERS_INVALID} or
     *                          {@link SealingException.Code#ANSWERS_TOO_LARGE}
     */
    public static OpenedEnvelope decryptAuthenticated(Envelope envelope, SurveyKeyPair surveyKey,
                                                      long maxAnswersBytes) {
        return decrypt(envelope, surveyKey, maxAnswersBytes);
    }

    private static OpenedEnvelope decrypt(Envelope envelope, SurveyKeyPair surveyKey, long maxAnswersBytes) {
        EnvelopeHeader h = envelope.header();
        if (!h.surveyKeyId().equals(surveyKey.keyId())) {
            throw new SealingException(SealingException.Code.SURVEY_KEY_MISMATCH, "the envelope is sealed to survey key "
                    + h.surveyKeyId() + ", not " + surveyKey.keyId());
        }
        byte[] b = envelope.bytes();
        byte[] enc = Base64Url.decode(b, envelope.encOffset, Envelope.ENC_CHARS);
        HPKEContext context;
        try {
            context = SUITE.get().setupBaseR(enc, surveyKey.pair, INFO);
        } catch (RuntimeException e) {
            throw new SealingException(SealingException.Code.CIPHERTEXT_TAMPERED,
                    "the encapsulated key is not usable", e);
        }
        byte[] expectedTag = hmac(context.export(TAG_CONTEXT, 32), b, envelope.headerOffset, envelope.headerLength);
        byte[] tag = Base64Url.decode(b, envelope.headerTagOffset, Envelope.TAG_CHARS);
        if (!Arrays.constantTimeAreEqual(expectedTag, tag)) {
            throw new SealingException(SealingException.Code.HEADER_TAMPERED,
                    "the header is not the one the envelope was sealed with (or it was sealed to another key)");
        }
        byte[] aad = java.util.Arrays.copyOfRange(b, envelope.headerOffset,
                envelope.headerOffset + envelope.headerLength);
        byte[] ciphertext = Base64Url.decode(b, envelope.ciphertextOffset, envelope.ciphertextLength);
        byte[] compressed;
        try {
            compressed = context.open(aad, ciphertext, 0, ciphertext.length);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new SealingException(SealingException.Code.CIPHERTEXT_TAMPERED,
                    "the ciphertext does not authenticate: it was changed after sealing", e);
        }
        return new OpenedEnvelope(h, gunzip(compressed, maxAnswersBytes), compressed);
    }

    private static SealingException mismatch(String field, String message) {
        return new SealingException(SealingException.Code.HEADER_MISMATCH, message, field, null);
    }

    // ---------------------------------------------------------------- receipts

    /**
     * Signs a receipt for an envelope the server has stored (server side). Identity, revision, survey, device and
     * SHA-256 are taken from the envelope itself.
     *
     * @param envelope   the stored envelope
     * @param receivedAt when it was first stored (kept to the millisecond)
     * @param status     accepted or quarantined
     * @param errors     the validation errors, empty when accepted
     * @param serverKey  the server's signing key
     * @param keyId      the id under which tablets know that key
     * @return the signed receipt
     */
    public static Receipt signReceipt(Envelope envelope, Instant receivedAt, ReceiptStatus status,
                                      List<ValidationError> errors, SigningKeyPair serverKey, String keyId) {
        return Receipt.signed(envelope.header(), envelope.sha256(), receivedAt, status, errors, keyId,
                body -> sign(serverKey, body, 0, body.length));
    }

    /**
     * Verifies a receipt received for an envelope: its structure, that a trusted server key signed it, and that it
     * is for exactly this envelope (interview id, revision, SHA-256 of the envelope bytes, device, survey).
     *
     * @param receiptBytes the receipt bytes as received (the array is kept, not copied)
     * @param envelope     the envelope that was uploaded
     * @param serverKeys   the trusted server signing keys
     * @return the verified receipt
     * @throws SealingException {@link SealingException.Code#RECEIPT_MALFORMED},
     *                          {@link SealingException.Code#RECEIPT_KEY_UNKNOWN},
     *                          {@link SealingException.Code#RECEIPT_SIGNATURE_INVALID} or
     *                          {@link SealingException.Code#RECEIPT_MISMATCH} (with {@link SealingException#field()})
     */
    public static Receipt verifyReceipt(byte[] receiptBytes, Envelope envelope, ServerKeyRing serverKeys) {
        Receipt r;
        try {
            r = Receipt.parse(receiptBytes);
        } catch (IllegalArgumentException e) {
            throw new SealingException(SealingException.Code.RECEIPT_MALFORMED,
                    "not a fieldsync.receipt/1 in canonical form: " + e.getMessage(), e);
        }
        PublishedKey key = serverKeys.find(r.keyId());
        if (key == null) {
            throw new SealingException(SealingException.Code.RECEIPT_KEY_UNKNOWN,
                    "the receipt is signed with server key " + r.keyId() + ", which this device does not trust");
        }
        byte[] signature = Base64Url.decode(receiptBytes, r.signatureOffset(), Envelope.SIGNATURE_CHARS);
        if (!verify(key.publicKeyUnsafe(), receiptBytes, r.bodyOffset(), r.bodyLength(), signature, 0)) {
            throw new SealingException(SealingException.Code.RECEIPT_SIGNATURE_INVALID,
                    "the receipt's signature does not verify with server key " + r.keyId());
        }
        EnvelopeHeader h = envelope.header();
        requireSame("interviewId", r.interviewId(), h.interviewId());
        requireSame("revision", String.valueOf(r.revision()), String.valueOf(h.revision()));
        requireSame("envelopeSha256", r.envelopeSha256(), envelope.sha256());
        requireSame("deviceId", r.deviceId(), h.deviceId());
        requireSame("surveyId", r.surveyId(), h.surveyId());
        return r;
    }

    private static void requireSame(String field, String inReceipt, String inEnvelope) {
        if (!inReceipt.equals(inEnvelope)) {
            throw new SealingException(SealingException.Code.RECEIPT_MISMATCH, "the receipt's " + field + " is "
                    + inReceipt + " but the envelope's is " + inEnvelope, field, null);
        }
    }

    // ---------------------------------------------------------------- enrolment

    /**
     * The bytes an enrolling device signs to prove it holds its key: the canonical JSON of
     * {@code {"code": <normalised code>, "format": "fieldsync.enrolment/1", "publicKey": <base64url>}}.
     *
     * @param code      the enrolment code (normalised with {@link EnrolmentInvite#normalizeCode(String)})
     * @param publicKey the device's public key
     * @return the message to sign
     */
    public static byte[] enrolmentMessage(String code, byte[] publicKey) {
        ObjectNode o = Wire.object();
        o.put("code", EnrolmentInvite.normalizeCode(code));
        o.put("format", ENROLMENT_FORMAT);
        o.put("publicKey", Base64Url.encode(publicKey));
        return Canonical.toBytes(o);
    }

    /**
     * @param code   the enrolment code
     * @param signer the new device key
     * @return the proof: the signature over {@link #enrolmentMessage(String, byte[])}
     */
    public static byte[] enrolmentProof(String code, DeviceSigner signer) {
        byte[] message = enrolmentMessage(code, signer.publicKey());
        return signer.sign(message, 0, message.length);
    }

    /**
     * Checks an enrolment proof (server side).
     *
     * @param code      the code the device sent
     * @param publicKey the public key the device sent
     * @param proof     the proof it sent
     * @throws SealingException {@link SealingException.Code#PROOF_INVALID} if the proof does not verify
     */
    public static void verifyEnrolmentProof(String code, byte[] publicKey, byte[] proof) {
        byte[] message = enrolmentMessage(code, publicKey);
        if (proof == null || proof.length != 64 || !verify(publicKey, message, 0, message.length, proof, 0)) {
            throw new SealingException(SealingException.Code.PROOF_INVALID,
                    "the enrolment proof does not verify with the public key sent");
        }
    }

    // ---------------------------------------------------------------- hashing, compression

    /**
     * @param bytes  an array
     * @param offset where the data starts
     * @param length its length
     * @return the SHA-256 of the data
     */
    public static byte[] sha256(byte[] bytes, int offset, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, offset, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /**
     * @param bytes  an array
     * @param offset where the data starts
     * @param length its length
     * @return the lowercase hex SHA-256 of the data
     */
    public static String sha256Hex(byte[] bytes, int offset, int length) {
        return Wire.hex(sha256(bytes, offset, length));
    }

    private static byte[] hmac(byte[] key, byte[] data, int offset, int length) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(key));
        mac.update(data, offset, length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    /**
     * @param data any bytes
     * @return them gzip-compressed (RFC 1952)
     */
    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 8192)) {
            gz.write(data);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * @param compressed gzip data
     * @param maxBytes   the largest output accepted
     * @return the decompressed bytes
     * @throws SealingException {@link SealingException.Code#ANSWERS_INVALID} if the data is not gzip,
     *                          {@link SealingException.Code#ANSWERS_TOO_LARGE} if the output exceeds the bound
     */
    public static byte[] gunzip(byte[] compressed, long maxBytes) {
        if (maxBytes < 0 || maxBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("maxBytes must be between 0 and " + (Integer.MAX_VALUE - 16));
        }
        // one Inflater per thread, reset between uses: a GZIPInputStream makes (and natively allocates) a new one
        // for every call, which under load was the largest allocation of reading interviews
        Inflater inflater = INFLATER.get();
        try {
            int at = gzipHeader(compressed, 0);
            // a single member's trailer says how long the output is (a hint only: it is checked at the end)
            long hint = compressed.length >= 18 ? littleEndian32(compressed, compressed.length - 4) : 0;
            byte[] out = new byte[(int) Math.max(64, Math.min(maxBytes + 1,
                    Math.min(hint, compressed.length * 1032L)))];
            int n = 0;
            while (true) {
                int memberStart = n;
                inflater.reset();
                inflater.setInput(compressed, at, compressed.length - at);
                int stalled = 0;
                while (!inflater.finished()) {
                    if (n == out.length) {
                        if (n > maxBytes) {
                            throw tooLarge(maxBytes);
                        }
                        out = java.util.Arrays.copyOf(out, (int) Math.min(maxBytes + 1, out.length * 2L));
                    }
                    int r = inflater.inflate(out, n, out.length - n);
                    if (r == 0 && (inflater.needsInput() || inflater.needsDictionary() || ++stalled > 2)) {
                        throw notGzip("the sealed answers are not gzip (truncated)", null);
                    }
                    n += r;
                }
                if (n > maxBytes) {
                    throw tooLarge(maxBytes);
                }
                at = compressed.length - inflater.getRemaining();
                if (at + 8 > compressed.length) {
                    throw notGzip("the sealed answers are not gzip (no trailer)", null);
                }
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(out, memberStart, n - memberStart);
                if (littleEndian32(compressed, at) != crc.getValue()
                        || littleEndian32(compressed, at + 4) != ((n - memberStart) & 0xffffffffL)) {
                    throw notGzip("the sealed answers are not gzip (checksum or length mismatch)", null);
                }
                at += 8;
                // another member may follow (RFC 1952 2.2); anything else after a member is ignored, as
                // GZIPInputStream does
                int next = at < compressed.length ? gzipHeaderOrMinus(compressed, at) : -1;
                if (next < 0) {
                    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
                }
                at = next;
            }
        } catch (DataFormatException e) {
            throw notGzip("the sealed answers are not gzip", e);
        } finally {
            inflater.reset();
        }
    }

    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(() -> new Inflater(true));

    private static SealingException tooLarge(long maxBytes) {
        return new SealingException(SealingException.Code.ANSWERS_TOO_LARGE,
                "the answers exceed " + maxBytes + " bytes once decompressed");
    }

    private static SealingException notGzip(String message, Exception cause) {
        return new SealingException(SealingException.Code.ANSWERS_INVALID, message, cause);
    }

    /** @return where the deflate data of the gzip member header at {@code at} ends (RFC 1952 2.3) */
    private static int gzipHeader(byte[] b, int at) {
        int end = gzipHeaderOrMinus(b, at);
        if (end < 0) {
            throw notGzip("the sealed answers are not gzip", null);
        }
        return end;
    }

    /** As {@link #gzipHeader}, or -1 if there is no valid member header at {@code at}. */
    private static int gzipHeaderOrMinus(byte[] b, int at) {
        final int fhcrc = 2;
        final int fextra = 4;
        final int fname = 8;
        final int fcomment = 16;
        if (b.length - at < 10 || (b[at] & 0xff) != 0x1f || (b[at + 1] & 0xff) != 0x8b || b[at + 2] != 8) {
            return -1;
        }
        int flags = b[at + 3] & 0xff;
        int p = at + 10;
        if ((flags & fextra) != 0) {
            if (p + 2 > b.length) {
                return -1;
            }
            p += 2 + ((b[p] & 0xff) | (b[p + 1] & 0xff) << 8);
        }
        if ((flags & fname) != 0) {
            p = afterZero(b, p);
        }
        if ((flags & fcomment) != 0) {
            p = afterZero(b, p);
        }
        if ((flags & fhcrc) != 0) {
            if (p + 2 > b.length) {
                return -1;
            }
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(b, at, p - at);
            if ((crc.getValue() & 0xffff) != ((b[p] & 0xff) | (b[p + 1] & 0xff) << 8)) {
                return -1;
            }
            p += 2;
        }
        return p <= b.length ? p : -1;
    }

    /** Where a zero-terminated header field starting at {@code p} ends (past the array's end if it does not). */
    private static int afterZero(byte[] b, int p) {
        while (p < b.length && b[p] != 0) {
            p++;
        }
        return p + 1;
    }

    private static long littleEndian32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }
}
