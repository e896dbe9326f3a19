/**
 * The library a tablet app embeds: protocol records, enrolment, sealing of interviews, a sync client and a
 * durable outbox. Compiled for Java 11 so it runs on Android; no Vert.x, MongoDB or {@code java.net.http}.
 *
 * <p>Where to start (docs/android-client.md walks through it; docs/sync-protocol.md is the protocol):
 * <ul>
 *   <li>{@link org.fieldsync.client.SyncClient} — enrol, pull, push, and drain the outbox with backoff;</li>
 *   <li>{@link org.fieldsync.client.Sealer} and {@link org.fieldsync.client.EnvelopeHeader} — seal a finished
 *       interview into an {@link org.fieldsync.client.Envelope};</li>
 *   <li>{@link org.fieldsync.client.Outbox} — keeps envelopes on disk until a verified
 *       {@link org.fieldsync.client.Receipt} arrives;</li>
 *   <li>{@link org.fieldsync.client.FieldsyncCrypto} — all the cryptography (HPKE, Ed25519, receipts), shared with
 *       the server, which opens envelopes and signs receipts with it;</li>
 *   <li>{@link org.fieldsync.client.Transport} — plug in another HTTP client.</li>
 * </ul>
 * Failures are reported with {@link org.fieldsync.client.SealingException},
 * {@link org.fieldsync.client.OutboxException} and {@link org.fieldsync.client.SyncException}, each with a stable
 * code.
 */
package org.fieldsync.client;
