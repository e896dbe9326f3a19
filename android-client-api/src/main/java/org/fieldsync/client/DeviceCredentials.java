package org.fieldsync.client;

import java.util.Objects;

/**
 * A device's identity on the server: its id and its bearer token, both from enrolment. The token is a secret: keep it
 * in encrypted storage. Immutable; {@link #toString()} does not show the token.
 */
public final class DeviceCredentials {
    private final String deviceId;
    private final String token;

    /**
     * @param deviceId the device id
     * @param token    the device bearer token
     */
    public DeviceCredentials(String deviceId, String token) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.token = Objects.requireNonNull(token, "token");
    }

    /** @return the device id, which envelope headers carry */
    public String deviceId() {
        return deviceId;
    }

    /** @return the bearer token */
    public String token() {
        return token;
    }

    @Override
    public String toString() {
        return "DeviceCredentials[" + deviceId + "]";
    }
}
