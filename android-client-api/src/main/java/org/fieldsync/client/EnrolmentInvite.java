package org.fieldsync.client;

import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.util.Objects;

/**
 * What a supervisor hands an enumerator to enrol a tablet: the server's base URL, the survey and a one-time
 * enrolment code, shown as text and as a QR code whose payload is
 * {@code fieldsync://enrol?server=<percent-encoded base URL>&survey=<survey id>&code=<code>}.
 *
 * <p>Codes are 12 symbols of Crockford's base32 ({@code 0-9 A-Z} without {@code I L O U}, 60 bits), shown in groups
 * of four ({@code 7KQ2-M9XD-4RTB}). {@link #normalizeCode(String)} gives the form that is sent and signed. Immutable.
 */
public final class EnrolmentInvite {
    /** The alphabet of enrolment codes. */
    public static final String CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    /** The number of symbols in a code. */
    public static final int CODE_LENGTH = 12;

    private final String serverUrl;
    private final String surveyId;
    private final String code;

    /**
     * @param serverUrl the server's base URL, e.g. {@code https://fieldsync.example.org}
     * @param surveyId  the survey's id
     * @param code      the enrolment code, in any accepted spelling
     * @throws IllegalArgumentException if the code is not a valid code or a value is missing
     */
    public EnrolmentInvite(String serverUrl, String surveyId, String code) {
        this.serverUrl = Objects.requireNonNull(serverUrl, "serverUrl");
        this.surveyId = Objects.requireNonNull(surveyId, "surveyId");
        this.code = normalizeCode(code);
    }

    /**
     * Normalises a code as typed or scanned: upper case, hyphens and spaces removed, {@code O} read as {@code 0} and
     * {@code I}, {@code L} as {@code 1}.
     *
     * @param code the code
     * @return the 12-symbol normalised code
     * @throws IllegalArgumentException if it is not 12 symbols of {@link #CODE_ALPHABET} after normalisation
     */
    public static String normalizeCode(String code) {
        if (code == null) {
            throw new IllegalArgumentException("the enrolment code is missing");
        }
        StringBuilder sb = new StringBuilder(CODE_LENGTH);
        for (int i = 0; i < code.length(); i++) {
            char c = Character.toUpperCase(code.charAt(i));
            if (c == '-' || c == ' ') {
                continue;
            }
            if (c == 'O') {
                c = '0';
            } else if (c == 'I' || c == 'L') {
                c = '1';
            }
            if (CODE_ALPHABET.indexOf(c) < 0) {
                throw new IllegalArgumentException("an enrolment code has only the symbols " + CODE_ALPHABET);
            }
            sb.append(c);
        }
        if (sb.length() != CODE_LENGTH) {
            throw new IllegalArgumentException("an enrolment code has " + CODE_LENGTH + " symbols");
        }
        return sb.toString();
    }

    /**
     * @param payload the text of a scanned QR code
     * @return the invite
     * @throws IllegalArgumentException if the payload is not a {@code fieldsync://enrol} URI with server, survey and
     *                                  a valid code
     */
    public static EnrolmentInvite parse(String payload) {
        URI uri;
        try {
            uri = new URI(payload);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("not an enrolment QR code", e);
        }
        if (!"fieldsync".equals(uri.getScheme()) || !"enrol".equals(uri.getHost()) || uri.getRawQuery() == null) {
            throw new IllegalArgumentException("not a fieldsync://enrol QR code");
        }
        String server = null;
        String survey = null;
        String code = null;
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = pair.substring(0, eq);
            String value = decode(pair.substring(eq + 1));
            if (name.equals("server")) {
                server = value;
            } else if (name.equals("survey")) {
                survey = value;
            } else if (name.equals("code")) {
                code = value;
            }
        }
        if (server == null || survey == null || code == null) {
            throw new IllegalArgumentException("the enrolment QR code lacks server, survey or code");
        }
        return new EnrolmentInvite(server, survey, code);
    }

    /** @return the QR payload for this invite */
    public String toQrPayload() {
        return "fieldsync://enrol?server=" + encode(serverUrl) + "&survey=" + encode(surveyId) + "&code=" + code;
    }

    /** @return the code grouped for display, e.g. {@code 7KQ2-M9XD-4RTB} */
    public String displayCode() {
        return code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String s) {
        try {
            return URLEncoder.encode(s, "UTF-8");
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the server's base URL */
    public String serverUrl() {
        return serverUrl;
    }

    /** @return the survey's id */
    public String surveyId() {
        return surveyId;
    }

    /** @return the normalised code */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return "EnrolmentInvite[" + serverUrl + ", " + surveyId + "]"; // the code is a secret
    }
}
