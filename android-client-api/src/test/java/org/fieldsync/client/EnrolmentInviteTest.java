package org.fieldsync.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EnrolmentInviteTest {
    @Test
    void qrPayloadRoundTrips() {
        EnrolmentInvite invite = new EnrolmentInvite("https://fs.example.org/base", "mig-2025", "7KQ2-M9XD-4RTB");

        EnrolmentInvite read = EnrolmentInvite.parse(invite.toQrPayload());

        assertEquals("fieldsync://enrol?server=https%3A%2F%2Ffs.example.org%2Fbase&survey=mig-2025&code=7KQ2M9XD4RTB",
                invite.toQrPayload());
        assertEquals("https://fs.example.org/base", read.serverUrl());
        assertEquals("mig-2025", read.surveyId());
        assertEquals("7KQ2M9XD4RTB", read.code());
        assertEquals("7KQ2-M9XD-4RTB", read.displayCode());
    }

    @Test
    void codesAreNormalisedAsCrockfordBase32() {
        assertEquals("7KQ2M9XD4R10", EnrolmentInvite.normalizeCode("7kq2 m9xd-4rlo"));
        assertThrows(IllegalArgumentException.class, () -> EnrolmentInvite.normalizeCode("7KQ2-M9XD-4RTU"));
        assertThrows(IllegalArgumentException.class, () -> EnrolmentInvite.normalizeCode("7KQ2-M9XD"));
    }

    @Test
    void otherQrCodesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> EnrolmentInvite.parse("https://example.org"));
        assertThrows(IllegalArgumentException.class, () -> EnrolmentInvite.parse("fieldsync://enrol?survey=x"));
    }
}
