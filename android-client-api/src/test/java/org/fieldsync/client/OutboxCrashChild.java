package org.fieldsync.client;

import java.io.File;

/**
 * Run in a child JVM by {@link OutboxCrashTest}: puts envelopes into the outbox in a loop and prints
 * {@code committed <interviewId>} after each {@code put} returns, until it is killed.
 */
public final class OutboxCrashChild {
    private OutboxCrashChild() {
    }

    public static void main(String[] args) {
        File dir = new File(args[0]);
        String round = args[1];
        Outbox outbox = Outbox.open(dir);
        System.out.println("open " + outbox.pendingCount());
        System.out.flush();
        for (int i = 0; ; i++) {
            String id = "crash-" + round + "-" + i;
            outbox.put(Fixtures.envelope(id));
            System.out.println("committed " + id);
            System.out.flush();
        }
    }
}
