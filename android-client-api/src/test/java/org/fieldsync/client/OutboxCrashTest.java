package org.fieldsync.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a child JVM that is putting envelopes into the outbox at random moments, several times, then checks that
 * every envelope the child reported as committed is there, once, and intact.
 */
class OutboxCrashTest {
    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void everyCommittedEnvelopeSurvivesTheProcessBeingKilled() throws Exception {
        Random random = new Random();
        List<String> committed = new CopyOnWriteArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            runAndKill(round, 20 + random.nextInt(250), committed);
        }

        try (Outbox outbox = Outbox.open(dir.toFile())) {
            Map<String, Integer> seen = new HashMap<>();
            for (Envelope e : outbox.pending()) {
                seen.merge(e.header().interviewId(), 1, Integer::sum);
                OpenedEnvelope opened = FieldsyncCrypto.open(e, Fixtures.DEVICE_KEY.publicKey(), Fixtures.SURVEY_KEY,
                        FieldsyncCrypto.DEFAULT_MAX_ANSWERS_BYTES);
                assertArrayEquals(Fixtures.ANSWERS, opened.answers());
            }
            assertTrue(committed.size() >= ROUNDS, "each child committed something: " + committed.size());
            for (String id : committed) {
                assertEquals(1, seen.getOrDefault(id, 0), id + " is in the outbox exactly once");
            }
            assertTrue(outbox.corrupted().isEmpty(), "nothing half-written under a final name");
            String[] leftovers = dir.resolve("pending").toFile().list((d, name) -> name.startsWith(".tmp-"));
            assertEquals(0, leftovers.length, "temporary files are cleaned on open");
        }
    }

    private void runAndKill(int round, int millisAfterFirstCommit, List<String> committed) throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-XX:+IgnoreUnrecognizedVMOptions", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                OutboxCrashChild.class.getName(), dir.toString(), String.valueOf(round))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        CountDownLatch firstCommit = new CountDownLatch(1);
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.startsWith("committed ")) {
                        committed.add(line.substring("committed ".length()));
                        firstCommit.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the child was killed
            }
        });
        reader.start();
        assertTrue(firstCommit.await(20, TimeUnit.SECONDS), "the child started committing: " + lines);
        Thread.sleep(millisAfterFirstCommit);
        child.destroyForcibly();
        child.waitFor(10, TimeUnit.SECONDS);
        reader.join(10_000);
    }
}
