package org.fieldsync.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Exponential backoff with jitter: the n-th consecutive failure waits a random time between half and all of
 * min(cap, initial &times; 2<sup>n-1</sup>) ("equal jitter", so tablets that lost the network together do not retry
 * together, yet always wait at least half). {@link #reset()} after a success. Not thread-safe: one per drain.
 */
public final class Backoff {
    private final Duration initial;
    private final Duration cap;
    private final Random random;
    private int failures;

    /**
     * @param initial the delay bound after the first failure
     * @param cap     the largest delay bound
     * @param random  the source of jitter
     */
    public Backoff(Duration initial, Duration cap, Random random) {
        if (initial.isNegative() || initial.isZero() || cap.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= cap");
        }
        this.initial = initial;
        this.cap = cap;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** @return the delay before the next attempt; each call counts one more failure */
    public Duration next() {
        long bound = initial.toMillis();
        for (int i = 0; i < failures && bound < cap.toMillis(); i++) {
            bound *= 2;
        }
        bound = Math.min(bound, cap.toMillis());
        failures++;
        long half = bound / 2;
        return Duration.ofMillis(half + (long) (random.nextDouble() * (bound - half + 1)));
    }

    /** Forgets the failures: the next delay is short again. */
    public void reset() {
        failures = 0;
    }

    /** @return the consecutive failures counted since the last reset */
    public int failures() {
        return failures;
    }
}
