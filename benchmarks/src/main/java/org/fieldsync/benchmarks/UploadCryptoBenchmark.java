package org.fieldsync.benchmarks;

import org.fieldsync.client.Envelope;
import org.fieldsync.client.EnvelopeHeader;
import org.fieldsync.client.FieldsyncCrypto;
import org.fieldsync.client.OpenedEnvelope;
import org.fieldsync.client.Receipt;
import org.fieldsync.client.ReceiptStatus;
import org.fieldsync.client.Sealer;
import org.fieldsync.client.SigningKeyPair;
import org.fieldsync.client.SurveyKeyPair;
import org.fieldsync.client.UploadContext;
import org.fieldsync.forms.Questionnaire;
import org.fieldsync.forms.ShippedQuestionnaires;
import org.fieldsync.forms.ValidationResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cryptographic floor the server pays per upload, on one core (docs/sync-protocol.md section 6): the envelope is
 * sealed in {@link Sealer setup} exactly as a tablet seals it (gzip, HPKE base mode X25519/HKDF-SHA256/AES-256-GCM
 * to the survey key with the header as associated data, Ed25519 signature by the device key), with the answers of
 * the shipped household questionnaire's {@code valid-1.json} (an 8-member roster).
 *
 * <ul>
 *   <li>{@code verifySignature}: {@link FieldsyncCrypto#verifySignature} alone (one Ed25519 verification over the
 *       sealed object);</li>
 *   <li>{@code open}: {@link FieldsyncCrypto#open(Envelope, UploadContext, SurveyKeyPair)} — signature, header
 *       against the request, HPKE setup (one X25519) with the header tag, AES-256-GCM open, gunzip;</li>
 *   <li>{@code openValidate}: {@code open} then {@link Questionnaire#validate(byte[], String)} of the answers
 *       (JSON parsing included);</li>
 *   <li>{@code uploadFloor}: what an upload costs before storage: {@link Envelope#parse} (strict canonical check),
 *       its SHA-256, {@code openValidate}, and signing the receipt with the server's Ed25519 key.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar UploadCryptoBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class UploadCryptoBenchmark {
    private static final Instant RECEIVED_AT = Instant.parse("2026-10-06T17:04:05.006Z");

    /** One sealed household interview and the keys to open it, built once per run. */
    @State(Scope.Benchmark)
    public static class Upload {
        Questionnaire questionnaire;
        SurveyKeyPair surveyKey;
        SigningKeyPair serverKey;
        byte[] devicePublicKey;
        UploadContext context;
        byte[] bytes;
        Envelope envelope;

        @Setup
        public void seal() {
            questionnaire = Questionnaire.parse(ShippedQuestionnaires.read("household"));
            byte[] answers = ShippedQuestionnaires.example("household", "valid-1.json");
            ValidationResult check = questionnaire.validate(answers, "en");
            if (!check.valid()) {
                throw new IllegalStateException("household valid-1.json is not valid: " + check.errors());
            }

            SigningKeyPair deviceKey = FieldsyncCrypto.signingKeyPair(filled(0x11));
            surveyKey = FieldsyncCrypto.surveyKeyPair("3c2a9e4f1b7d6a05", filled(0x22));
            serverKey = FieldsyncCrypto.signingKeyPair(filled(0x33));
            devicePublicKey = deviceKey.publicKey();
            String interviewId = "5f0c6a8e-2b1d-4c3e-9a7f-0d4e6b8a1c2f";
            EnvelopeHeader header = EnvelopeHeader.builder()
                    .interviewId(interviewId)
                    .revision(1)
                    .surveyId("mig-2026")
                    .formId(questionnaire.formId())
                    .formVersion(questionnaire.version())
                    .assignmentId("asg-0042")
                    .householdId("hh-0023")
                    .eaId("0412A07")
                    .deviceId("dev-7f3a")
                    .enumeratorId("0b6c1f5e-8a61-4a7e-9f07-5d3c2a1b0e99")
                    .disposition("completed")
                    .householdTypeFound("migrant")
                    .startedAt(Instant.parse("2026-10-06T16:15:00.000Z"))
                    .endedAt(Instant.parse("2026-10-06T16:52:41.250Z"))
                    .surveyKeyId(surveyKey.keyId())
                    .build();
            envelope = new Sealer("dev-7f3a", FieldsyncCrypto.signer(deviceKey))
                    .seal(header, answers, surveyKey.publishedKey());
            bytes = envelope.toByteArray();
            context = new UploadContext(interviewId, 1, "dev-7f3a", devicePublicKey);

            byte[] opened = FieldsyncCrypto.open(envelope, context, surveyKey).answers();
            if (!Arrays.equals(opened, answers)) {
                throw new IllegalStateException("the envelope does not open to its answers");
            }
            System.out.println("[UploadCryptoBenchmark] answers " + answers.length + " B, gzip "
                    + FieldsyncCrypto.gzip(answers).length + " B, header " + envelope.headerJson().length
                    + " B, envelope " + bytes.length + " B");
        }
    }

    @Benchmark
    public Envelope verifySignature(Upload u) {
        FieldsyncCrypto.verifySignature(u.envelope, u.devicePublicKey);
        return u.envelope;
    }

    @Benchmark
    public OpenedEnvelope open(Upload u) {
        return FieldsyncCrypto.open(u.envelope, u.context, u.surveyKey);
    }

    @Benchmark
    public ValidationResult openValidate(Upload u) {
        OpenedEnvelope opened = FieldsyncCrypto.open(u.envelope, u.context, u.surveyKey);
        return u.questionnaire.validate(opened.answers(), "en");
    }

    @Benchmark
    public Receipt uploadFloor(Upload u) {
        Envelope envelope = Envelope.parse(u.bytes);
        String sha256 = envelope.sha256();
        OpenedEnvelope opened = FieldsyncCrypto.open(envelope, u.context, u.surveyKey);
        ValidationResult result = u.questionnaire.validate(opened.answers(), "en");
        if (!result.valid() || sha256.isEmpty()) {
            throw new IllegalStateException("the benchmark interview stopped validating");
        }
        return FieldsyncCrypto.signReceipt(envelope, RECEIVED_AT, ReceiptStatus.ACCEPTED, List.of(), u.serverKey,
                "srv-2026-01");
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) value);
        return b;
    }
}
