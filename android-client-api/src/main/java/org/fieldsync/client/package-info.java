/**
 * The library a tablet app embeds: protocol records, enrolment, sealing of interviews, a sync client and a
 * durable outbox. Compiled for Java 11 so it runs on Android; no Vert.x, MongoDB or {@code java.net.http}.
 */
package org.fieldsync.client;
