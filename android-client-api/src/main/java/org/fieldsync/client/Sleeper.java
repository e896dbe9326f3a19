package org.fieldsync.client;

import java.time.Duration;

/** Waits between retries; tests inject one that records instead of sleeping. */
public interface Sleeper {
    /** The real one: {@link Thread#sleep(long)}. */
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    /**
     * @param duration how long to wait
     * @throws InterruptedException if the thread is interrupted (the drain then stops and reports it)
     */
    void sleep(Duration duration) throws InterruptedException;
}
