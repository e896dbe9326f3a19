package org.fieldsync.sampling;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the random starts of systematic selections come from: derived from a master seed (planning) or read from
 * stored starts (replay). Every start lies in the open interval (0, 1).
 *
 * <p>Keys: {@code stage1/<stratum id>} for the first-stage start of a stratum ({@link #stage1Key}) and
 * {@code stage2/<psu id>/<take class>} for a second-stage start ({@link #stage2Key}). Derivation from a seed is
 * documented with the scheme identifier {@value Digests#START_SCHEME}: u = top 53 bits of
 * SHA-256("fieldsync-sampling/start/v1\n" + seed + "\n" + key + "\n" + counter) / 2^53, counter raised from 0 until
 * u &gt; 0.
 */
@FunctionalInterface
public interface Starts {
    /** Identifier of the derivation scheme of {@link #fromSeed(long)}, stored in plan records. */
    String SCHEME = Digests.START_SCHEME;

    /**
     * @param key a start key ({@link #stage1Key}, {@link #stage2Key})
     * @return the start u, 0 &lt; u &lt; 1
     * @throws SamplingException {@code MISSING_START} if a stored source lacks the key
     */
    double start(String key);

    /** @return starts derived deterministically from {@code seed} (scheme {@value Digests#START_SCHEME}) */
    static Starts fromSeed(long seed) {
        return key -> Digests.start(seed, key);
    }

    /**
     * Stored starts, for replay.
     *
     * @param starts start per key; copied
     * @return a source that returns the stored value and throws {@code MISSING_START} for an unknown key
     * @throws SamplingException {@code INVALID_ARGUMENT} if a stored start is not in (0, 1)
     */
    static Starts stored(Map<String, Double> starts) {
        Map<String, Double> copy = new LinkedHashMap<>(starts);
        copy.forEach((k, u) -> checkStart(u, k));
        return key -> {
            Double u = copy.get(key);
            if (u == null) {
                throw new SamplingException(SamplingException.Code.MISSING_START,
                        "no stored start for " + key, Map.of("key", key));
            }
            return u;
        };
    }

    /** @return the key of the first-stage start of a stratum */
    static String stage1Key(String stratumId) {
        return "stage1/" + stratumId;
    }

    /** @return the key of the second-stage start of one take class in one PSU */
    static String stage2Key(String psuId, String takeClass) {
        return "stage2/" + psuId + "/" + takeClass;
    }

    /** Throws {@code INVALID_ARGUMENT} unless 0 &lt; u &lt; 1. */
    static double checkStart(Double u, String what) {
        if (u == null || !(u > 0.0 && u < 1.0)) {
            throw new SamplingException(SamplingException.Code.INVALID_ARGUMENT,
                    "a systematic start must lie in the open interval (0, 1); " + what + " has " + u,
                    Map.of("key", what, "start", String.valueOf(u)));
        }
        return u;
    }
}
