package org.fieldsync.client;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;

/**
 * The one timestamp format of the protocol: UTC with exactly three fraction digits,
 * {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (e.g. {@code 2025-03-01T08:15:00.000Z}, always 24 characters), so that a
 * timestamp has a single text form inside signed and authenticated JSON.
 */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999Z");

    private Timestamps() {
    }

    /**
     * @param instant any instant between years 0 and 9999
     * @return its protocol form, truncated to milliseconds
     * @throws IllegalArgumentException outside years 0 to 9999
     */
    public static String format(Instant instant) {
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new IllegalArgumentException("timestamp out of range: " + instant);
        }
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * @param text a timestamp in the protocol form
     * @return the instant
     * @throws IllegalArgumentException if the text is not exactly in the protocol form
     */
    public static Instant parse(String text) {
        if (text == null || text.length() != 24) {
            throw new IllegalArgumentException("not a timestamp of the form 2025-03-01T08:15:00.000Z: " + text);
        }
        try {
            Instant instant = FORMAT.parse(text, Instant::from);
            if (!FORMAT.format(instant).equals(text)) {
                throw new IllegalArgumentException("not a canonical timestamp: " + text);
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a timestamp of the form 2025-03-01T08:15:00.000Z: " + text, e);
        }
    }

    /**
     * @param instant any instant
     * @return the same instant truncated to milliseconds, as stored in the protocol
     */
    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
